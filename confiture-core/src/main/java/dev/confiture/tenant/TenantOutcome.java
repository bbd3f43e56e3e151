package dev.confiture.tenant;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What happened to one tenant's schema.
 */
public enum TenantOutcome {

    /** Nothing was pending. */
    UP_TO_DATE,

    /** Pending migrations were applied. */
    MIGRATED,

    /** Migrations are pending (status only). */
    PENDING,

    /** A migration failed, or the schema has errors. */
    FAILED,

    /** Not attempted: an earlier tenant failed and the run stops on the first failure. */
    SKIPPED;

    /**
     * @return the JSON value, lower-case
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
