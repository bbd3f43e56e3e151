package dev.confiture.sql;

/**
 * How a statement of a script controls the transaction it runs in, if at all. A runner that wraps
 * each migration in a transaction needs to know when a script opens or ends one itself.
 */
public enum TransactionControl {

    /**
     * An ordinary statement. {@code SAVEPOINT}, {@code RELEASE}, {@code ROLLBACK TO SAVEPOINT},
     * {@code COMMIT PREPARED}, {@code ROLLBACK PREPARED} and {@code PREPARE TRANSACTION} are
     * ordinary too: they do not open or end the session's transaction block the way the others do.
     */
    NONE,

    /** {@code BEGIN} or {@code START TRANSACTION}: opens a transaction block. */
    BEGIN,

    /** {@code COMMIT} or {@code END} (also with {@code AND CHAIN}): ends the block, keeping its work. */
    COMMIT,

    /** {@code ROLLBACK} or {@code ABORT} (also with {@code AND CHAIN}): ends the block, undoing its work. */
    ROLLBACK
}
