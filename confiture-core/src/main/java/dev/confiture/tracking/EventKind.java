package dev.confiture.tracking;

import java.util.Locale;

/**
 * What an event row is about; stored lower-case in {@code kind}.
 */
public enum EventKind {

    /** One call of migrate that had work to do. */
    RUN,

    /** One attempt to apply one migration. */
    MIGRATE,

    /** One statement of a non-transactional migration (progress). */
    STATEMENT,

    /** A migration marked as applied without running it. */
    BASELINE,

    /**
     * A revert of one applied migration with its down script: {@code pending} when a failed run
     * decided to revert it, {@code succeeded} when it is rolled back, {@code failed} when its down failed.
     */
    ROLLBACK,

    /** A repair: a changed checksum accepted, or a failed or rollback-pending state cleared. */
    REPAIR,

    /** An approval of one migration's file (by checksum) for the environments that require approval. */
    APPROVAL,

    /** A dry run: pending migrations executed and rolled back. */
    DRY_RUN,

    /** One attempt to apply one repeatable migration ({@code R__{name}.sql}); its slug is set, its version is not. */
    REPEATABLE,

    /** One run of one callback (an SQL callback file or a Java callback); its slug is the callback's name. */
    CALLBACK;

    /**
     * @return the stored value
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
