package dev.confiture.migration;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The duration syntax of headers, the CLI and properties: {@code <integer><unit>} with unit
 * {@code ms|s|m|h} ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}) or ISO-8601 ({@code PT5M}).
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param text the text (case-insensitive, surrounding blanks ignored)
     * @return the duration; it may be negative (ISO-8601 allows it), callers decide
     * @throws InvalidDuration saying why it is not a duration
     */
    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            try {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            catch (NumberFormatException | ArithmeticException ex) {
                throw new InvalidDuration("too large");
            }
        }
        if (value.startsWith("p") || value.startsWith("-p") || value.startsWith("+p")) {
            try {
                return Duration.parse(value);
            }
            catch (DateTimeParseException | ArithmeticException ex) {
                throw new InvalidDuration("not a valid ISO-8601 duration");
            }
        }
        throw new InvalidDuration(MigrationVersion.isDigits(value) ? "a duration needs a unit" : null);
    }

    /**
     * The text is not a duration.
     */
    public static final class InvalidDuration extends IllegalArgumentException {

        private final transient @Nullable String reason;

        InvalidDuration(@Nullable String reason) {
            super((reason != null) ? reason : "not a duration");
            this.reason = reason;
        }

        /**
         * @return the specific reason, or {@code null} when the text simply has no duration shape
         */
        public @Nullable String reason() {
            return reason;
        }
    }
}
