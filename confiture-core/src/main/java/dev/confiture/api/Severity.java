package dev.confiture.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a {@link Problem} blocks anything: errors make {@code validate} fail and {@code migrate}
 * refuse; notes are only reported.
 */
public enum Severity {

    /** Blocks validate and migrate. */
    ERROR,

    /** Reported only. */
    NOTE;

    /**
     * @return the JSON value, lower-case
     */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
