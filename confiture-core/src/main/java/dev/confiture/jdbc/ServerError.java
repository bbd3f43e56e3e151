package dev.confiture.jdbc;

import dev.confiture.api.SourceLocation;
import dev.confiture.sql.SqlStatement;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the server said about a failed statement, with its position mapped back into the file: one reading of a
 * server error for migrate, down and the dry run alike.
 *
 * @param sqlState the SQLSTATE, if any
 * @param message the server's primary message (or the exception's message)
 * @param detail the server's detail, if any
 * @param serverHint the server's hint, if any
 * @param location where in the file the error is: the exact character when the server reports a
 * position, else the start of the statement; {@code null} when there is no statement (Java migrations)
 */
public record ServerError(@Nullable String sqlState, String message, @Nullable String detail, @Nullable String serverHint,
        @Nullable SourceLocation location) {

    /** The SQLSTATE of a lock wait that ran into {@code lock_timeout}. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The SQLSTATE of a statement cancelled (by {@code statement_timeout}, or by a request). */
    public static final String QUERY_CANCELED = "57014";

    /**
     * @param error what the statement threw
     * @param statement the statement, or {@code null} (Java migrations)
     * @param source the file it comes from, for locations
     * @return the server's words and where in the file
     */
    public static ServerError of(Throwable error, @Nullable SqlStatement statement, String source) {
        SourceLocation start = (statement != null) ? statement.location(source) : null;
        if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            SourceLocation location = (statement != null && server.getPosition() > 0)
                    ? statement.locate(source, server.getPosition()) : start;
            return new ServerError(server.getSQLState(), String.valueOf(server.getMessage()), server.getDetail(),
                    server.getHint(), location);
        }
        if (error instanceof SQLException sql) {
            return new ServerError(sql.getSQLState(), String.valueOf(sql.getMessage()), null, null, start);
        }
        return new ServerError(null, error.getClass().getSimpleName() + ": " + error.getMessage(), null, null, start);
    }

    /**
     * @return whether the session died: an administrator ended it (57P01..57P03, crash shutdown) or the
     * connection broke (class 08)
     */
    public boolean isConnectionLost() {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03"));
    }

    /** @return whether the server refused a write in a read-only transaction (a read-only default, a standby) */
    public boolean isReadOnly() {
        return "25006".equals(sqlState);
    }

    /** @return whether the statement ran into {@code lock_timeout} */
    public boolean isLockTimeout() {
        return LOCK_NOT_AVAILABLE.equals(sqlState);
    }

    /**
     * @return message, SQLSTATE, detail and the server's hint in one line
     */
    public String describe() {
        StringBuilder text = new StringBuilder(message);
        if (sqlState != null) {
            text.append(" (SQLSTATE ").append(sqlState).append(')');
        }
        if (detail != null) {
            text.append("; detail: ").append(withoutFinalPeriod(detail));
        }
        if (serverHint != null) {
            text.append("; server hint: ").append(withoutFinalPeriod(serverHint));
        }
        return text.toString();
    }

    /** The server ends details and hints with a period; the message goes on after them. */
    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
