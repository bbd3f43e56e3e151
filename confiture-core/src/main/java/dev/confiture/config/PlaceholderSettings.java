package dev.confiture.config;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Placeholders {@code ${name}} in SQL migrations: their values, whether they are replaced at all, and whether inside
 * dollar-quoted bodies too. Besides the values given here, {@code ${confiture:schema}}, {@code ${confiture:table}},
 * {@code ${confiture:environment}} and {@code ${confiture:user}} are always defined.
 *
 * @param values the value of each placeholder by name
 * @param replace whether placeholders are replaced (off: {@code ${...}} is sent as written)
 * @param inDollarQuotes whether placeholders inside dollar-quoted bodies ({@code $$...$$}) are replaced too
 */
public record PlaceholderSettings(Map<String, String> values, boolean replace, boolean inDollarQuotes) {

    /** The defaults: no values of one's own, replaced outside dollar-quoted bodies. */
    public static final PlaceholderSettings DEFAULTS = new PlaceholderSettings(Map.of(), true, false);

    /** The prefix of the built-in placeholders' names. */
    public static final String BUILT_IN_PREFIX = "confiture:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /**
     * @throws ConfitureException {@link ErrorCode#INVALID_CONFIGURATION} for a name a placeholder cannot have
     */
    public PlaceholderSettings {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!NAME.matcher(entry.getKey()).matches()) {
                throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "'" + entry.getKey() + "' cannot be a "
                        + "placeholder's name", "Name placeholders (" + Setting.PLACEHOLDERS.token() + ") with letters, "
                                + "digits, _, . and -, starting with a letter or _; the names starting with "
                                + BUILT_IN_PREFIX + " are the built-ins");
            }
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
