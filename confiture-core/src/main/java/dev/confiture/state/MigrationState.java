package dev.confiture.state;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state of one migration; lower-case in the status JSON.
 */
public enum MigrationState {

    /** Applied, and its file is unchanged. */
    APPLIED,

    /** Not applied yet. */
    PENDING,

    /** The last attempt failed; not applied. */
    FAILED,

    /** A revert is owed (set by rollback automation). */
    ROLLBACK_PENDING,

    /** Applied, but its file changed since. */
    CHECKSUM_MISMATCH,

    /** Applied, but no file or Java migration has its version. */
    MISSING_FILE,

    /** Not applied, and older than the newest applied migration. */
    OUT_OF_ORDER,

    /**
     * Pending, but held: a {@code phase=contract} migration while an instance of an older build is live, or a
     * migration after it. Applied by the first migrate after those instances stop.
     */
    HELD;

    /**
     * @return the JSON value, e.g. {@code checksum_mismatch}
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return whether the migration is recorded as applied
     */
    public boolean isApplied() {
        return this == APPLIED || this == CHECKSUM_MISMATCH || this == MISSING_FILE || this == ROLLBACK_PENDING;
    }
}
