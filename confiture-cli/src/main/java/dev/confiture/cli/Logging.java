package dev.confiture.cli;

/**
 * Sets up SLF4J's simple logger before the core logs anything: warnings on stderr, one line each,
 * plus the lock wait notice ("Waiting for the migration lock ..."); everything at info with
 * {@code --verbose}. The drift detector's summary warning is left out unless verbose: the drift commands
 * print the differences themselves. System properties given on the {@code java} command line win.
 */
final class Logging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    /**
     * @param verbose whether to log at info
     */
    static void configure(boolean verbose) {
        setDefault("logFile", "System.err");
        setDefault("defaultLogLevel", verbose ? "info" : "warn");
        setDefault("log.dev.confiture.lock", "info");
        if (!verbose) {
            setDefault("log.dev.confiture.schema.drift.DriftDetector", "error");
        }
        setDefault("showThreadName", "false");
        setDefault("showLogName", "false");
        setDefault("showShortLogName", "false");
        setDefault("showDateTime", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
