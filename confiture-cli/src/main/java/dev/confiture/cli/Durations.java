package dev.confiture.cli;

import java.time.Duration;

/**
 * Durations on the command line and in environment variables: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h} or ISO-8601 ({@code PT5M}). A bare number is refused, so seconds and
 * milliseconds are never confused.
 */
final class Durations {

    private Durations() {
    }

    /**
     * @param text the text
     * @param source where it comes from, for the message (e.g. {@code --lock-wait})
     * @return the duration, zero or positive
     * @throws UsageException naming {@code source} when the text is not a duration
     */
    static Duration parse(String text, String source) {
        Duration duration;
        try {
            duration = dev.confiture.migration.Durations.parse(text);
        }
        catch (dev.confiture.migration.Durations.InvalidDuration ex) {
            throw new UsageException(source + ": '" + text + "' is not a duration; write e.g. 30s, 5m, 2h, 250ms or PT5M");
        }
        if (duration.isNegative()) {
            throw new UsageException(source + ": '" + text + "' is negative; write zero or a positive duration");
        }
        return duration;
    }
}
