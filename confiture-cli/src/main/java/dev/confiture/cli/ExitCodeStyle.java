package dev.confiture.cli;

/**
 * {@code --exit-codes}: this tool's exit codes, or upstream Confiture's, for scripts written against upstream's
 * {@code migrate status} and {@code migrate current}: 0 nothing pending, 1 pending migrations (or errors in the files),
 * 2 no tracking table, 3 fatal (connection, configuration, permission).
 */
enum ExitCodeStyle {

    /** {@link ExitCodes}. */
    confiture,

    /** Upstream Confiture's. */
    upstream;

    /** Upstream: nothing pending. */
    static final int UPSTREAM_UP_TO_DATE = 0;

    /** Upstream: migrations are pending. */
    static final int UPSTREAM_PENDING = 1;

    /** Upstream: the tracking table does not exist. */
    static final int UPSTREAM_NO_TRACKING_TABLE = 2;

    /** Upstream: a fatal error (connection, configuration, permission). */
    static final int UPSTREAM_FATAL = 3;
}
