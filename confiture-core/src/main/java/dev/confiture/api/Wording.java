package dev.confiture.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a caller names {@link Setting settings and operations} in messages: the starter says
 * {@code confiture.lock-wait}, the command line {@code --lock-wait}, the Java API
 * {@code ConfitureConfiguration.lockWait}. Configure one with {@code ConfitureConfiguration.Builder.wording}; messages
 * of exceptions and problems are rendered with it.
 */
@FunctionalInterface
public interface Wording {

    /** The Java API's words, the default. */
    Wording JAVA = setting -> setting.isOperation() ? "Confiture." + setting.javaName() + "(...)"
            : "ConfitureConfiguration." + setting.javaName();

    /**
     * @param setting a setting or operation
     * @return its name in this caller's words
     */
    String name(Setting setting);

    /**
     * @param text a message with {@link Setting#token() tokens}
     * @return the message with every token replaced by {@link #name}
     */
    default String render(String text) {
        if (!text.contains("{{")) {
            return text;
        }
        Matcher token = Tokens.PATTERN.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (token.find()) {
            Setting setting = Tokens.byJavaName(token.group(1));
            token.appendReplacement(rendered, Matcher.quoteReplacement((setting != null) ? name(setting) : token.group()));
        }
        return token.appendTail(rendered).toString();
    }

    /** The token syntax. */
    final class Tokens {

        static final Pattern PATTERN = Pattern.compile("\\{\\{([A-Za-z]+)}}");

        private Tokens() {
        }

        static @Nullable Setting byJavaName(String javaName) {
            for (Setting setting : Setting.values()) {
                if (setting.javaName().equals(javaName)) {
                    return setting;
                }
            }
            return null;
        }
    }
}
