package dev.confiture.api;

/**
 * Stable codes of everything Confiture reports as an error or a problem. Deploy scripts and
 * monitoring may match on them; they appear as {@code code} in the status JSON.
 */
public enum ErrorCode {

    /** A file in a migration location looks like a migration but breaks the naming rule. */
    INVALID_MIGRATION_NAME,

    /** Two migrations have the same version (compared as numbers, so {@code 1} equals {@code 001}). */
    DUPLICATE_VERSION,

    /** A migration location holds a Python migration, which only upstream Confiture runs. */
    PYTHON_MIGRATION,
    /** A {@code .down.sql} file has no matching {@code .up.sql} file. */
    DOWN_WITHOUT_UP,

    /** A {@code -- confiture:} header is malformed or has a value that is not allowed. */
    INVALID_METADATA_HEADER,

    /** A {@code -- confiture:} header uses a key Confiture does not know (probably a typo). */
    UNKNOWN_METADATA_KEY,

    /** A migration file is not valid UTF-8. */
    INVALID_ENCODING,

    /** A migration file is larger than Confiture reads (it reads a migration whole). */
    FILE_TOO_LARGE,
    /** A migration file or location cannot be read. */
    UNREADABLE_MIGRATION,

    /** A configured migration location does not exist. */
    LOCATION_NOT_FOUND,

    /** A SQL script cannot be split into statements (unterminated string, comment or dollar quote). */
    SQL_PARSE_ERROR,

    /** A SQL script uses a placeholder {@code ${name}} that is not defined. */
    UNDEFINED_PLACEHOLDER,

    /** clean was asked where it is not enabled, or in an environment that requires approvals. */
    CLEAN_DISABLED,

    /** A callback (an SQL callback file or a Java {@code Callback}) failed; the run stopped there. */
    CALLBACK_FAILED,

    /** The zero-downtime analysis found what the safety gate refuses; nothing ran. */
    UNSAFE_MIGRATION,

    /** A migration contains a statement Confiture cannot run as part of a migration (e.g. ROLLBACK). */
    UNSUPPORTED_STATEMENT,

    /** The server rejected a statement of a migration. */
    MIGRATION_FAILED,

    /** An applied migration's file changed since it was applied. */
    CHECKSUM_MISMATCH,

    /** An applied migration's file changed only in line endings or byte order mark: a note, not an error. */
    CHECKSUM_LINE_ENDINGS_ONLY,

    /** An applied migration has no file any more, and newer migrations do. */
    MISSING_FILE,

    /** An applied migration is newer than every known file (normal while an older build rolls out). */
    FUTURE_MIGRATION,

    /**
     * A {@code phase=contract} migration (and every migration after it) waits while an instance of an older build of
     * the application is live: a note, not an error.
     */
    CONTRACT_HELD,

    /** A pending migration is older than the newest applied one. */
    OUT_OF_ORDER,

    /** A migration failed and was not applied; its failure is recorded in the event table. */
    FAILED_MIGRATION,

    /** A migration marked {@code approval=required} has no approval for its current file in this environment. */
    APPROVAL_REQUIRED,

    /** A migration to revert has no down script (or its Java migration is not reversible). */
    DOWN_MISSING,

    /** A down script failed while reverting; the migration stays applied and rollback-pending. */
    ROLLBACK_FAILED,

    /** An applied migration still has to be reverted: a failed run decided so, or its down failed. */
    ROLLBACK_PENDING,

    /** The session holding the migration lock ended during a run (terminated, or the connection broke). */
    LOCK_LOST,

    /**
     * An attempt of a non-transactional migration never ended and the server session that ran it is still
     * connected: it may still be running, so Confiture does not resume beside it.
     */
    ATTEMPT_STILL_RUNNING,

    /**
     * A non-transactional migration changed since its attempt failed part-way, and a statement that attempt completed
     * changed too: running it again would repeat what completed, so nothing runs.
     */
    ATTEMPT_FILE_CHANGED,
    /** The run's thread was interrupted (the CLI got SIGINT or SIGTERM): it stopped between two steps. */
    INTERRUPTED,

    /** The migration lock was not acquired within the configured wait. */
    LOCK_WAIT_TIMEOUT,

    /** The configuration is invalid (a setting is missing or has a bad value). */
    INVALID_CONFIGURATION,

    /** The requested target or baseline version is not known. */
    UNKNOWN_VERSION,

    /** The tracking table exists but does not have the expected shape. */
    INVALID_TRACKING_TABLE,

    /**
     * The tracking table in {@code public} does not exist, but the database's default {@code search_path} finds one
     * of that name in another schema (which upstream Confiture reads): nothing is created or applied.
     */
    TRACKING_TABLE_ELSEWHERE,

    /** The database could not be reached or answered with an unexpected error. */
    DATABASE_ERROR,

    /** Build from DDL refused: the tracking table has rows or the database already has tables. */
    SCHEMA_NOT_EMPTY,

    /** The schema locations hold no {@code .sql} file to build from. */
    NO_SCHEMA_FILES,

    /** A statement of a schema file failed; the whole build was rolled back. */
    SCHEMA_BUILD_FAILED,

    /** A scratch database (for validation or drift) could not be created, reached or dropped. */
    SCRATCH_DATABASE_FAILED,

    /** Lint found errors in the built schema. */
    LINT_FAILED,

    /** The live database differs from the schema the DDL files or the migrations build. */
    DRIFT_DETECTED
}
