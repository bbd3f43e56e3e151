package dev.confiture.sql;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds placeholders {@code ${name}} in a script, to be replaced in what is sent once it is split: in SQL code, quoted identifiers and
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
     * A placeholder found in a script.
     *
     * @param start the char index of its {@code $}
     * @param end the char index after its {@code }}
     * @param value its value
     */
    public record Span(int start, int end, String value) {
    }

    /**
     * Finds the placeholders of a script and their values.
     * @param text the script as written
     * @param source the file, for messages
     * @param values a placeholder's value by name, {@code null} when it is not defined
     * @param inDollarQuotes whether placeholders inside dollar-quoted bodies are replaced too
     * @param undefinedHint what to do about an undefined placeholder, in the caller's words
     * @return the placeholders to replace, in order
     * @throws ConfitureException {@link ErrorCode#UNDEFINED_PLACEHOLDER} naming the placeholder, with file, line
     * and column; {@link ErrorCode#SQL_PARSE_ERROR} as the splitter would
     */
    public static List<Span> find(String text, String source, Function<String, @Nullable String> values,
            boolean inDollarQuotes, String undefinedHint) {
        return find(text, source, 0, 1, 1, values, inDollarQuotes, undefinedHint);
    }

    /**
     * Finds the placeholders of one statement of a script read statement by statement ({@link StatementStream}).
     * @param statement the statement
     * @param source the file, for messages
     * @param values a placeholder's value by name, {@code null} when it is not defined
     * @param inDollarQuotes whether placeholders inside dollar-quoted bodies are replaced too
     * @param undefinedHint what to do about an undefined placeholder, in the caller's words
     * @return the statement with its placeholders replaced in what is sent
     * @throws ConfitureException as {@link #find(String, String, Function, boolean, String)}, located in the file
     */
    public static SqlStatement replaceIn(SqlStatement statement, String source,
            Function<String, @Nullable String> values, boolean inDollarQuotes, String undefinedHint) {
        List<Span> spans = find(statement.sql(), source, statement.offset(), statement.line(), statement.column(),
                values, inDollarQuotes, undefinedHint);
        return spans.isEmpty() ? statement : statement.withPlaceholders(spans);
    }

    /**
     * @param offset the char index of {@code text} in its file, added to the spans
     * @param firstLine the line of {@code text.charAt(0)} in its file
     * @param firstColumn its column
     */
    private static List<Span> find(String text, String source, int offset, int firstLine, int firstColumn,
            Function<String, @Nullable String> values, boolean inDollarQuotes, String undefinedHint) {
        if (text.indexOf("${") < 0) {
            return List.of();
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
        List<Span> spans = new ArrayList<>();
        while (matcher.find()) {
            if (!replaceable[matcher.start()] || !replaceable[matcher.end() - 1]) {
                continue;
            }
            String name = matcher.group(1);
            String value = values.apply(name);
            if (value == null) {
                throw new ConfitureException(ErrorCode.UNDEFINED_PLACEHOLDER, "The placeholder ${" + name + "} is not "
                        + "defined", locate(text, matcher.start(), source, firstLine, firstColumn), undefinedHint, null);
            }
            spans.add(new Span(offset + matcher.start(), offset + matcher.end(), value));
        }
        return spans;
    }

    private static dev.confiture.api.SourceLocation locate(String text, int index, String source, int firstLine,
            int firstColumn) {
        LineColumnCursor cursor = new LineColumnCursor(text, firstLine, firstColumn);
        cursor.advanceTo(index);
        return new dev.confiture.api.SourceLocation(source, cursor.line(), cursor.column());
    }
}
