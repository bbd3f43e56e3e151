package dev.confiture.config;

import java.util.Locale;

/**
 * Which findings of the zero-downtime analysis stop migrate before anything runs.
 */
public enum SafetyGate {

    /** Findings of severity error (a rewrite, a blocking index build, a constraint checked under the lock, ...). */
    ERROR,

    /** Every finding, notes too (renames, drops, SET NOT NULL, ...). */
    WARNING,

    /** None: the analysis is only reported ({@code migrate plan}). */
    NEVER;

    /** @return the value as properties and flags spell it, e.g. {@code error} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
