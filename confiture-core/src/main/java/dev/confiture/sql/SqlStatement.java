package dev.confiture.sql;

import dev.confiture.api.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a migration script, exactly as written in the file, with where it starts.
 *
 * @param index the statement's number among the statements of its script, starting at 1
 * @param sql the statement text from its first token to the end of its last token, without the
 *        terminating {@code ;}; comments and line breaks inside it are kept as written
 * @param offset the char index of {@code sql.charAt(0)} in the script
 * @param line the 1-based line of the first character
 * @param column the 1-based column of the first character, in Unicode code points
 * @param nonTransactionalReason why PostgreSQL refuses to run this statement inside a transaction
 *        block, e.g. {@code "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"}, or
 *        {@code null} for ordinary statements
 * @param transactionControl whether the statement opens or ends a transaction block itself
 * @param executed the text sent to the server: {@code sql} with its placeholders replaced
 * @param substitutions where {@code executed} differs from {@code sql}, in order
 */
public record SqlStatement(int index, String sql, int offset, int line, int column,
        @Nullable String nonTransactionalReason, TransactionControl transactionControl, String executed,
        List<Substitution> substitutions) {

    /**
     * A placeholder replaced in a statement.
     *
     * @param start the char index of {@code ${} in the statement as written
     * @param end the char index after its {@code }}
     * @param value what replaced it
     */
    public record Substitution(int start, int end, String value) {
    }

    private static final int SUMMARY_LENGTH = 80;

    /**
     * Checks that the text and the transaction control are present.
     *
     * @param index the statement's number in its script, from 1
     * @param sql the statement text as written, without the terminating {@code ;}
     * @param offset the char index of the text in the script
     * @param line the 1-based line of the first character
     * @param column the 1-based column (code points) of the first character
     * @param nonTransactionalReason why it cannot run inside a transaction block, or {@code null}
     * @param transactionControl whether it opens or ends a transaction block itself
     */
    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(transactionControl, "transactionControl");
        substitutions = List.copyOf(substitutions);
    }

    /**
     * A statement sent as written.
     * @param index the statement's number in its script, from 1
     * @param sql the statement text as written
     * @param offset the char index of the text in the script
     * @param line the 1-based line of the first character
     * @param column the 1-based column of the first character
     * @param nonTransactionalReason why it cannot run inside a transaction block, or {@code null}
     * @param transactionControl whether it opens or ends a transaction block itself
     */
    public SqlStatement(int index, String sql, int offset, int line, int column,
            @Nullable String nonTransactionalReason, TransactionControl transactionControl) {
        this(index, sql, offset, line, column, nonTransactionalReason, transactionControl, sql, List.of());
    }

    /**
     * @param spans placeholders found in the whole script (char indexes of the script), in order
     * @return this statement with the placeholders inside it replaced in what is sent; the text as written (and so
     * the summary, the locations and the digest) stays as it is, so a value never shows in a message
     */
    public SqlStatement withPlaceholders(List<Placeholders.Span> spans) {
        List<Substitution> inside = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int copied = 0;
        for (Placeholders.Span span : spans) {
            if (span.start() >= offset && span.end() <= offset + sql.length()) {
                Substitution substitution = new Substitution(span.start() - offset, span.end() - offset, span.value());
                text.append(sql, copied, substitution.start()).append(substitution.value());
                copied = substitution.end();
                inside.add(substitution);
            }
        }
        if (inside.isEmpty()) {
            return this;
        }
        return new SqlStatement(index, sql, offset, line, column, nonTransactionalReason, transactionControl,
                text.append(sql, copied, sql.length()).toString(), inside);
    }

    /**
     * Maps a position the server reported for this statement to a place in the file.
     *
     * @param source the file description, e.g. {@code classpath:db/migration/001_init.up.sql}
     * @param serverPosition PostgreSQL's 1-based error position within {@link #sql()}, counted in
     *        characters (Unicode code points), as in {@code ServerErrorMessage.getPosition()};
     *        positions past the end mean the last character, positions below 1 the first
     * @return the file, line and column of that character
     */
    public SourceLocation locate(String source, int serverPosition) {
        int codePoints = executed.codePointCount(0, executed.length());
        int position = Math.max(1, Math.min(serverPosition, codePoints));
        int charIndex = writtenIndex(executed.offsetByCodePoints(0, Math.min(position - 1, codePoints)));
        LineColumnCursor cursor = new LineColumnCursor(sql, line, column);
        cursor.advanceTo(charIndex);
        return new SourceLocation(source, cursor.line(), cursor.column());
    }

    /** Where a char of the executed text comes from in the text as written: a replaced value counts as its {@code $}. */
    private int writtenIndex(int executedIndex) {
        int shift = 0;
        for (Substitution substitution : substitutions) {
            int start = substitution.start() + shift;
            if (executedIndex < start) {
                break;
            }
            if (executedIndex < start + substitution.value().length()) {
                return substitution.start();
            }
            shift += substitution.value().length() - (substitution.end() - substitution.start());
        }
        return Math.max(0, Math.min(executedIndex - shift, sql.length()));
    }

    /**
     * @param source the file description, e.g. {@code classpath:db/migration/001_init.up.sql}
     * @return the file, line and column where the statement starts
     */
    public SourceLocation location(String source) {
        return new SourceLocation(source, line, column);
    }

    /**
     * A short form for log lines and messages: the first line of the statement, cut to about 80
     * characters; an ellipsis {@code …} shows that something was left out.
     *
     * @return the summary
     */
    public String summary() {
        int lineEnd = firstLineBreak(sql);
        String firstLine = sql.substring(0, lineEnd).stripTrailing();
        if (firstLine.codePointCount(0, firstLine.length()) > SUMMARY_LENGTH) {
            int cut = firstLine.offsetByCodePoints(0, SUMMARY_LENGTH - 1);
            return firstLine.substring(0, cut).stripTrailing() + "…";
        }
        return (lineEnd < sql.length()) ? firstLine + " …" : firstLine;
    }

    private static int firstLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }
}
