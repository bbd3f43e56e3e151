package dev.confiture.cli;

/**
 * The exit codes of {@code confiture}, documented in {@code --help} and the README.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;

    /**
     * The command failed: a migration failed, validation found errors, the lock wait ran out, the
     * database could not be reached... (any {@code ConfitureException}).
     */
    public static final int FAILURE = 1;

    /** The command line or its configuration is wrong: bad flags, no database URL, a bad YAML file. */
    public static final int USAGE = 2;

    /** {@code migrate status --fail-on-pending} found pending migrations (and no errors). */
    public static final int PENDING = 3;

    private ExitCodes() {
    }
}
