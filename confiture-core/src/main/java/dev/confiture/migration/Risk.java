package dev.confiture.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How risky a migration is, from the {@code -- confiture: risk=low|medium|high} header.
 */
public enum Risk {

    /** Routine change. */
    LOW,

    /** Needs attention (e.g. a large table is rewritten). */
    MEDIUM,

    /** Can hurt production (locks, data loss, long rewrite). */
    HIGH;

    /**
     * @return the header and JSON value, e.g. {@code "high"}
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
