package dev.confiture.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on the command line and in environment variables: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h} or ISO-8601 ({@code PT5M}). A bare number is refused, so seconds and
 * milliseconds are never confused.
 */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param text the text
     * @param source where it comes from, for the message (e.g. {@code --lock-wait})
     * @return the duration, zero or positive
     * @throws UsageException naming {@code source} when the text is not a duration
     */
    static Duration parse(String text, String source) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        else {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            catch (DateTimeParseException ex) {
                throw new UsageException(source + ": '" + text + "' is not a duration; write e.g. 30s, 5m, 2h, 250ms or PT5M");
            }
        }
        if (duration.isNegative()) {
            throw new UsageException(source + ": '" + text + "' is negative; write zero or a positive duration");
        }
        return duration;
    }
}
