package dev.confiture.schema.drift;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the live database differs from the expected schema for one object.
 */
public enum DifferenceKind {

    /** Expected, but the live database does not have it (e.g. a dropped index). */
    MISSING,

    /** The live database has it, but it is not expected (e.g. a column added by hand). */
    EXTRA,

    /** Both have it, with a different attribute (type, default, definition, ...). */
    CHANGED;

    /** @return the JSON value, lower-case */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
