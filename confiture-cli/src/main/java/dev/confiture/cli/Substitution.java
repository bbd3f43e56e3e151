package dev.confiture.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in environment-file values, from the environment
 * variables. As in the shell, the default applies when the variable is unset or empty; a variable
 * without a default that is unset is an error, so a file never connects with half a URL.
 */
final class Substitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private Substitution() {
    }

    /**
     * @param value the value as written
     * @param environment the environment variables
     * @param where the file, line and key, for the message
     * @return the value with every reference replaced
     * @throws UsageException when a variable without a default is unset, or a {@code ${} is malformed
     */
    static String apply(String value, Map<String, String> environment, String where) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            String prefix = value.substring(last, matcher.start());
            checkNoStrayReference(prefix, where);
            result.append(prefix);
            String name = matcher.group(1);
            String set = environment.get(name);
            if (set != null && !set.isEmpty()) {
                result.append(set);
            }
            else if (matcher.group(2) != null) {
                result.append(matcher.group(3));
            }
            else {
                throw new UsageException(where + " uses ${" + name + "}, which is not set; set the environment variable "
                        + name + " or give a default: ${" + name + ":-value}");
            }
            last = matcher.end();
        }
        String tail = value.substring(last);
        checkNoStrayReference(tail, where);
        return result.append(tail).toString();
    }

    private static void checkNoStrayReference(String text, String where) {
        if (text.contains("${")) {
            throw new UsageException(where + " has a malformed reference '" + text.substring(text.indexOf("${"))
                    + "'; write ${NAME} or ${NAME:-default}");
        }
    }
}
