package dev.confiture.schema.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the live database is compared with.
 */
public enum DriftSource {

    /** The schema the DDL files ({@code schemaLocations}, {@code db/schema/}) build. */
    SCHEMA_FILES,

    /**
     * The schema that replaying the migrations builds: the known migrations up to the newest version the live
     * database has applied (all of them when it has none applied).
     */
    MIGRATIONS;

    /** @return the JSON value: {@code schema_files} or {@code migrations} */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
