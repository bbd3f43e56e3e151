package dev.confiture.spring.boot.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A startup migration running in the background (async mode), and how it stops when the context closes: interrupted,
 * it stops before its next statement (what completed stays recorded; the next start continues), and the context waits
 * for that, so that nothing runs on after the DataSource is closed.
 */
final class BackgroundRun {

    /** How long closing the context waits for a background migration to stop at its next statement. */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private static final Logger logger = LoggerFactory.getLogger(BackgroundRun.class);

    private final String what;

    private volatile @Nullable Thread thread;

    /**
     * @param what the migration, for log lines, e.g. {@code the background migration}
     */
    BackgroundRun(String what) {
        this.what = what;
    }

    void start(String threadName, Runnable work) {
        Thread started = new Thread(work, threadName);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    void stop() throws InterruptedException {
        Thread running = thread;
        if (running == null || !running.isAlive()) {
            return;
        }
        logger.info("Closing: stopping {} before its next statement", what);
        running.interrupt();
        running.join(STOP_WAIT.toMillis());
        if (running.isAlive()) {
            logger.warn("{} is still running its statement after {} s; closing without waiting longer (the statement "
                    + "ends with its connection; the next start continues the migration)", what, STOP_WAIT.toSeconds());
        }
    }
}
