package dev.confiture.migration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a migration stands in an expand-and-contract change, from the {@code -- confiture: phase=expand|contract}
 * header. A contract migration is held while an instance of an older build of the application is still live (see
 * the README, "Zero-downtime deploys").
 */
public enum Phase {

    /** Adds what the new code needs and keeps what the old code uses: safe beside every live build. */
    EXPAND,

    /** Removes what only older builds use: held while one of them is still live. */
    CONTRACT;

    /**
     * @return the header and JSON value, e.g. {@code "contract"}
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
