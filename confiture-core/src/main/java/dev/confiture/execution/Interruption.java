package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.function.Supplier;

/**
 * Stops a run between steps when its thread is interrupted (the CLI does so on SIGINT and SIGTERM, after cancelling
 * the running statement): nothing more starts, and what stopped is recorded like any failure, so the next run
 * continues exactly there. JDBC calls ignore interrupts, so the check happens between steps.
 */
final class Interruption {

    private Interruption() {
    }

    /**
     * @param before what was about to start, e.g. {@code "statement 3 of 5 of 002_backfill"}
     * @throws ConfitureException {@link ErrorCode#INTERRUPTED} when the current thread is interrupted (its interrupt
     * status stays set)
     */
    static void stopIfRequested(String before) {
        stopIfRequested(() -> before);
    }

    /**
     * {@link #stopIfRequested(String)} whose description is built only when the run stops: a run checks before every
     * migration, and the description names everything the run applied so far.
     */
    static void stopIfRequested(Supplier<String> before) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ConfitureException(ErrorCode.INTERRUPTED, "Interrupted: stopped before " + before.get()
                    + ", which did not start", "Run the command again: it continues with what did not complete");
        }
    }
}
