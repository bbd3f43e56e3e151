package dev.confiture.tracking;

import java.util.Locale;

/**
 * How an event ended; stored lower-case in {@code status}.
 */
public enum EventStatus {

    /** Work began. */
    STARTED,

    /** Work is owed: decided but not done yet (a rollback a failed run still has to make). */
    PENDING,

    /** Work finished successfully. */
    SUCCEEDED,

    /** Work failed; {@code error} says why. */
    FAILED;

    /**
     * @return the stored value
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
