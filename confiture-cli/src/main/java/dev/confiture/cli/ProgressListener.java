package dev.confiture.cli;

import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.MigrationListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress lines of {@code migrate up}: one per migration applied or failed, and while one runs
 * long, a line every interval (10 s by default; system property {@code confiture.cli.progress-interval})
 * naming the migration that is probably running, so a CI log never goes quiet.
 */
final class ProgressListener implements MigrationListener, AutoCloseable {

    static final String INTERVAL_PROPERTY = "confiture.cli.progress-interval";

    private final PrintWriter out;

    private final Style style;

    private final List<String> expected;

    private final AtomicInteger done = new AtomicInteger();

    private volatile long currentStart = System.nanoTime();

    private final ScheduledExecutorService ticker;

    /**
     * @param out where progress lines go
     * @param style colours
     * @param expected the slugs migrate is expected to apply, in order (for the "still running" lines)
     */
    ProgressListener(PrintWriter out, Style style, List<String> expected) {
        this.out = out;
        this.style = style;
        this.expected = List.copyOf(expected);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "confiture-progress");
            thread.setDaemon(true);
            return thread;
        });
        long interval = interval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void migrationApplied(MigrationExecution execution) {
        StringBuilder line = new StringBuilder(style.green("applied")).append(' ').append(execution.slug())
                .append(" in ").append(execution.executionTimeMs()).append(" ms");
        if (!execution.transactional()) {
            line.append(" (").append(execution.statements()).append(" statement(s) in autocommit");
            if (execution.resumedStatements() > 0) {
                line.append(", resumed after statement ").append(execution.resumedStatements());
            }
            line.append(')');
        }
        if (execution.lockTimeoutRetries() > 0) {
            line.append(" after ").append(execution.lockTimeoutRetries()).append(" lock_timeout retr")
                    .append(execution.lockTimeoutRetries() == 1 ? "y" : "ies");
        }
        out.println(line);
        out.flush();
        done.incrementAndGet();
        currentStart = System.nanoTime();
    }

    @Override
    public void migrationFailed(MigrationFailedException failure, long durationMs) {
        out.println(style.red("failed") + " " + failure.failure().slug() + " after " + durationMs + " ms");
        out.flush();
        currentStart = System.nanoTime();
    }

    private void tick() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - currentStart);
        int index = done.get();
        String running = (index < expected.size()) ? expected.get(index) : "the migration";
        out.println(style.dim("... still running " + running + " (" + seconds + " s; " + index + " of "
                + expected.size() + " applied)"));
        out.flush();
    }

    private static Duration interval() {
        String configured = System.getProperty(INTERVAL_PROPERTY);
        if (configured != null) {
            try {
                Duration duration = Durations.parse(configured, INTERVAL_PROPERTY);
                if (!duration.isZero()) {
                    return duration;
                }
            }
            catch (UsageException ex) {
                // fall back to the default
            }
        }
        return Duration.ofSeconds(10);
    }

    /**
     * Stops the "still running" lines.
     */
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
