package dev.confiture.sql;

import java.util.Objects;

/**
 * Splits a migration script into statements, following PostgreSQL's lexical rules so that a
 * {@code ;} inside a string, a dollar-quoted function body, a quoted identifier, a comment or a
 * {@code BEGIN ATOMIC} body never ends a statement. It also marks the statements that cannot run
 * inside a transaction block and those that begin or end a transaction themselves.
 *
 * <p>Like psql, it does not end a statement at a {@code ;} inside parentheses, since
 * {@code CREATE RULE ... DO ALSO (INSERT ...; INSERT ...)} has semicolons there; an unbalanced
 * {@code (} therefore joins the rest of the script into one statement, which the server then
 * rejects with a position that {@link SqlStatement#locate} maps back to the file. A backslash
 * outside strings and comments, wherever it stands on its line, is refused as a psql meta-command:
 * SQL has no other use for it.
 *
 * <p>Runs in time linear in the script's length, without recursion.
 */
public final class SqlScriptParser {

    private SqlScriptParser() {
    }

    /**
     * Splits a script.
     *
     * @param script the file text, decoded from UTF-8 with any byte order mark already removed
     * @param source the file description for error messages, e.g.
     *        {@code classpath:db/migration/001_init.up.sql}
     * @return the script's statements; none for an empty or comment-only script
     * @throws dev.confiture.api.ConfitureException with {@link dev.confiture.api.ErrorCode#SQL_PARSE_ERROR}
     *         and the line and column where the offending construct starts: an unterminated string,
     *         escape string, quoted identifier, dollar quote or block comment, a psql meta-command
     *         such as {@code \i}, or a {@code COPY ... FROM STDIN} or {@code COPY ... TO STDOUT}
     */
    public static SqlScript parse(String script, String source) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(source, "source");
        return new SqlScript(source, new StatementSplitter(script, source).split());
    }
}
