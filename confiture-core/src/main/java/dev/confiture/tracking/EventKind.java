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
    BASELINE;

    /**
     * @return the stored value
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
