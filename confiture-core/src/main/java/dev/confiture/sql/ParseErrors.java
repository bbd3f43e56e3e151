package dev.confiture.sql;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;

/**
 * The {@link ErrorCode#SQL_PARSE_ERROR} exceptions of the splitter, worded in one place. Each
 * points at where the offending construct starts, since that is where the mistake usually is.
 */
final class ParseErrors {

    private ParseErrors() {
    }

    static ConfitureException unterminatedString(String script, int start, String source) {
        return error("unterminated quoted string starting here",
                "Add the closing ' (a quote inside the string is written '')", script, start, source);
    }

    static ConfitureException unterminatedEscapeString(String script, int start, String source) {
        return error("unterminated escape string E'...' starting here",
                "Add the closing '. Inside E'...' a backslash escapes the next character, so \\' is a quote"
                        + " inside the string; write \\\\ for a backslash",
                script, start, source);
    }

    static ConfitureException unterminatedQuotedIdentifier(String script, int start, String source) {
        return error("unterminated quoted identifier starting here",
                "Add the closing \" (a double quote inside the identifier is written \"\")", script, start,
                source);
    }

    static ConfitureException unterminatedDollarQuote(String delimiter, String script, int start,
            String source) {
        return error("unterminated dollar-quoted string " + delimiter + " starting here",
                "Add the closing " + delimiter + "; the tag must match exactly, including upper and lower case",
                script, start, source);
    }

    static ConfitureException unterminatedBlockComment(String script, int start, String source) {
        return error("unterminated block comment starting here",
                "Add the closing */. Block comments nest in PostgreSQL, so every /* inside the comment needs"
                        + " its own */",
                script, start, source);
    }

    static ConfitureException psqlMetaCommand(String command, String script, int start, String source) {
        return error("psql meta-commands are not SQL: " + command + " cannot run in a migration",
                "Confiture sends each statement to PostgreSQL, which does not know psql's backslash commands;"
                        + " write the SQL itself instead (for \\i, make the included file a migration of its own)",
                script, start, source);
    }

    static ConfitureException copyFromStdin(String script, int start, String source) {
        return error("COPY ... FROM STDIN cannot run in a migration: its rows would follow in the script,"
                + " and Confiture reads everything in the script as SQL",
                "Insert the rows with INSERT statements, or use COPY ... FROM '/path/on/the/server' with a file"
                        + " the database server can read",
                script, start, source);
    }

    static ConfitureException copyToStdout(String script, int start, String source) {
        return error("COPY ... TO STDOUT cannot run in a migration: it sends rows to the client, and a"
                + " migration has nowhere to put them",
                "Remove it, or write to a file on the database server with COPY ... TO '/path/on/the/server'",
                script, start, source);
    }

    private static ConfitureException error(String problem, String hint, String script, int start,
            String source) {
        return new ConfitureException(ErrorCode.SQL_PARSE_ERROR, problem,
                LineColumnCursor.locate(script, start, source), hint, null);
    }
}
