package dev.confiture.sql;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;

/**
 * The {@link ErrorCode#SQL_PARSE_ERROR} exceptions of the splitter, worded in one place. Each
 * points at where the offending construct starts, since that is where the mistake usually is.
 */
final class ParseErrors {

    private ParseErrors() {
    }

    static ConfitureException unterminatedString(SourceLocation where) {
        return error("unterminated quoted string starting here",
                "Add the closing ' (a quote inside the string is written '')", where);
    }

    static ConfitureException unterminatedEscapeString(SourceLocation where) {
        return error("unterminated escape string E'...' starting here",
                "Add the closing '. Inside E'...' a backslash escapes the next character, so \\' is a quote"
                        + " inside the string; write \\\\ for a backslash",
                where);
    }

    static ConfitureException unterminatedQuotedIdentifier(SourceLocation where) {
        return error("unterminated quoted identifier starting here",
                "Add the closing \" (a double quote inside the identifier is written \"\")", where);
    }

    static ConfitureException unterminatedDollarQuote(String delimiter, SourceLocation where) {
        return error("unterminated dollar-quoted string " + delimiter + " starting here",
                "Add the closing " + delimiter + "; the tag must match exactly, including upper and lower case",
                where);
    }

    static ConfitureException unterminatedBlockComment(SourceLocation where) {
        return error("unterminated block comment starting here",
                "Add the closing */. Block comments nest in PostgreSQL, so every /* inside the comment needs"
                        + " its own */",
                where);
    }

    static ConfitureException psqlMetaCommand(String command, SourceLocation where) {
        return error("psql meta-commands are not SQL: " + command + " cannot run in a migration",
                "Confiture sends each statement to PostgreSQL, which does not know psql's backslash commands;"
                        + " write the SQL itself instead (for \\i, make the included file a migration of its own)",
                where);
    }

    static ConfitureException copyFromStdin(SourceLocation where) {
        return error("COPY ... FROM STDIN cannot run in a migration: its rows would follow in the script,"
                + " and Confiture reads everything in the script as SQL",
                "Insert the rows with INSERT statements, or use COPY ... FROM '/path/on/the/server' with a file"
                        + " the database server can read",
                where);
    }

    static ConfitureException copyToStdout(SourceLocation where) {
        return error("COPY ... TO STDOUT cannot run in a migration: it sends rows to the client, and a"
                + " migration has nowhere to put them",
                "Remove it, or write to a file on the database server with COPY ... TO '/path/on/the/server'",
                where);
    }

    private static ConfitureException error(String problem, String hint, SourceLocation where) {
        return new ConfitureException(ErrorCode.SQL_PARSE_ERROR, problem,
                where, hint, null);
    }
}
