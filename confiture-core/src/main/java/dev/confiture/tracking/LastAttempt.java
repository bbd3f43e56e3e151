package dev.confiture.tracking;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The most recent lifecycle event of one migration (an attempt to apply it, a rollback, a repair or
 * a baseline), from the event log: what decides whether it is failed or rollback-pending.
 *
 * @param attemptId the attempt (shared by an attempt's events, and by attempts that resume it)
 * @param version the version text
 * @param kind what the event is about: {@code MIGRATE}, {@code ROLLBACK}, {@code REPAIR} or {@code BASELINE}
 * @param status {@code STARTED} for a non-transactional attempt that never ended (interrupted, or still
 * running), {@code PENDING} for a rollback still owed, else how it ended
 * @param finishedAt when it ended, if it did
 * @param error the error, for failures
 * @param checksum the checksum of the file that was attempted, if recorded
 * @param transactional whether the attempt ran in one transaction
 * @param completedStatements statements of a non-transactional attempt that completed
 * @param statementCount statements in the file, for non-transactional attempts (0 otherwise)
 * @param backend the server session that ran a non-transactional attempt, if recorded: while it is still connected,
 * an attempt that never ended may still be running
 */
public record LastAttempt(UUID attemptId, String version, EventKind kind, EventStatus status,
        @Nullable OffsetDateTime finishedAt, @Nullable String error, @Nullable String checksum, boolean transactional,
        int completedStatements, int statementCount, @Nullable Backend backend) {

    /**
     * A server session, identified as {@code pg_stat_activity} does: a pid is reused, a pid with its start time
     * is not.
     *
     * @param pid the backend pid
     * @param start its {@code backend_start}, as text
     */
    public record Backend(int pid, String start) {
    }

    /**
     * @return whether it is an attempt that never ended: interrupted, or still running elsewhere
     */
    public boolean neverEnded() {
        return status == EventStatus.STARTED;
    }

    /**
     * @return whether it is an attempt to apply that failed or never ended
     */
    public boolean unfinished() {
        return kind == EventKind.MIGRATE && status != EventStatus.SUCCEEDED;
    }

    /**
     * @return whether it is a rollback that is owed: decided by a failed run, or whose down failed or never ended
     */
    public boolean rollbackPending() {
        return kind == EventKind.ROLLBACK && (status == EventStatus.PENDING || status == EventStatus.FAILED
                || status == EventStatus.STARTED);
    }
}
