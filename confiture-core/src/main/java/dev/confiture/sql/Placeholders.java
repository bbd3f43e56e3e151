package dev.confiture.sql;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces placeholders {@code ${name}} in a script before it is split and run: in SQL code, quoted identifiers and
 * string constants, never in comments, and in dollar-quoted bodies (function bodies, {@code DO} blocks) only when
 * asked, since {@code ${...}} is ordinary text in PL/pgSQL and in many other languages a body may be written in. The
 * file's checksum is over the file as written, so changing a placeholder's value does not change it.
 */
public final class Placeholders {

    /** {@code ${name}}, {@code ${confiture:name}} for the built-ins; a name as Spring and shell variables spell them. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?)}");

    private Placeholders() {
    }

    /**
     * @param text the script as written
     * @param source the file, for messages
     * @param values a placeholder's value by name, {@code null} when it is not defined
     * @param inDollarQuotes whether placeholders inside dollar-quoted bodies are replaced too
     * @param undefinedHint what to do about an undefined placeholder, in the caller's words
     * @return the script to split and run
     * @throws ConfitureException {@link ErrorCode#UNDEFINED_PLACEHOLDER} naming the placeholder, with file, line
     * and column; {@link ErrorCode#SQL_PARSE_ERROR} as the splitter would
     */
    public static String replace(String text, String source, Function<String, @Nullable String> values,
            boolean inDollarQuotes, String undefinedHint) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        boolean[] replaceable = new boolean[text.length()];
        SqlLexer lexer = new SqlLexer(text, source);
        while (lexer.next()) {
            boolean dollarQuoted = lexer.kind() == TokenKind.STRING && text.charAt(lexer.start()) == '$';
            if (!dollarQuoted || inDollarQuotes) {
                java.util.Arrays.fill(replaceable, lexer.start(), lexer.end(), true);
            }
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder replaced = new StringBuilder(text.length());
        int copied = 0;
        while (matcher.find()) {
            if (!replaceable[matcher.start()] || !replaceable[matcher.end() - 1]) {
                continue;
            }
            String name = matcher.group(1);
            String value = values.apply(name);
            if (value == null) {
                throw new ConfitureException(ErrorCode.UNDEFINED_PLACEHOLDER, "The placeholder ${" + name + "} is not "
                        + "defined", LineColumnCursor.locate(text, matcher.start(), source), undefinedHint, null);
            }
            replaced.append(text, copied, matcher.start()).append(value);
            copied = matcher.end();
        }
        return (copied == 0) ? text : replaced.append(text, copied, text.length()).toString();
    }
}
