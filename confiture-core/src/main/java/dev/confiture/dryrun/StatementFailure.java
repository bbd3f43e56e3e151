package dev.confiture.dryrun;

import dev.confiture.api.SourceLocation;
import dev.confiture.sql.SqlStatement;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Why a migration failed in the dry run, and where in its file.
 *
 * @param message the server's message with its SQLSTATE (and detail, when the server gives one)
 * @param location the server's error position mapped into the file, else the start of the failing
 * statement; {@code null} without a statement (Java migrations)
 */
record StatementFailure(String message, @Nullable SourceLocation location) {

    static StatementFailure of(Throwable error, @Nullable SqlStatement statement, String source) {
        @Nullable SourceLocation start = (statement != null) ? statement.location(source) : null;
        if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            @Nullable SourceLocation location = (statement != null && server.getPosition() > 0)
                    ? statement.locate(source, server.getPosition()) : start;
            return new StatementFailure(describe(String.valueOf(server.getMessage()), server.getSQLState(),
                    server.getDetail()), location);
        }
        if (error instanceof SQLException sql) {
            return new StatementFailure(describe(String.valueOf(sql.getMessage()), sql.getSQLState(), null), start);
        }
        return new StatementFailure(error.getClass().getSimpleName() + ": " + error.getMessage(), start);
    }

    private static String describe(String message, @Nullable String sqlState, @Nullable String detail) {
        StringBuilder text = new StringBuilder(message);
        if (sqlState != null) {
            text.append(" (SQLSTATE ").append(sqlState).append(')');
        }
        if (detail != null) {
            text.append("; detail: ").append(detail);
        }
        return text.toString();
    }
}
