package dev.confiture.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a migration breaks running clients, from the {@code -- confiture: impact=safe|breaking}
 * header.
 */
public enum Impact {

    /** Compatible with the code already running. */
    SAFE,

    /** Breaks the code already running (e.g. a column it reads is dropped). */
    BREAKING;

    /**
     * @return the header and JSON value, e.g. {@code "breaking"}
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
