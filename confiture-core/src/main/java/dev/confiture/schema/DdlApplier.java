package dev.confiture.schema;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Executes schema files statement by statement in the connection's current transaction; the caller
 * owns the transaction (commits or rolls back).
 */
public final class DdlApplier {

    private DdlApplier() {
    }

    /**
     * Sets {@code statement_timeout} for the current transaction, when one is configured.
     * @param connection a connection inside a transaction
     * @param timeout the timeout, or {@code null} to keep the server's
     * @throws SQLException if the server refuses
     */
    public static void statementTimeout(Connection connection, @Nullable Duration timeout) throws SQLException {
        if (timeout == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            statement.setString(1, TimeoutSettings.setting(timeout));
            statement.execute();
        }
    }

    /**
     * @param connection a connection inside a transaction
     * @param files the files, in build order
     * @return how many statements ran
     * @throws SchemaBuildException at the first statement the server rejects (the caller rolls back)
     */
    public static int apply(Connection connection, List<SchemaFile> files) {
        int count = 0;
        for (SchemaFile file : files) {
            for (SqlStatement statement : file.statements()) {
                try {
                    Jdbc.execute(connection, statement);
                }
                catch (SQLException ex) {
                    throw failure(file, statement, ex, count);
                }
                count++;
            }
        }
        return count;
    }

    private static SchemaBuildException failure(SchemaFile file, SqlStatement statement, SQLException ex, int count) {
        String description = file.description();
        SourceLocation location = statement.location(description);
        String message = String.valueOf(ex.getMessage());
        String sqlState = ex.getSQLState();
        if (ex instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            if (server.getPosition() > 0) {
                location = statement.locate(description, server.getPosition());
            }
            message = String.valueOf(server.getMessage());
            if (server.getDetail() != null) {
                message += "; detail: " + server.getDetail();
            }
            if (server.getHint() != null) {
                message += "; server hint: " + server.getHint();
            }
            sqlState = server.getSQLState();
        }
        SchemaError error = new SchemaError(ErrorCode.SCHEMA_BUILD_FAILED, description, location.line(),
                location.column(), "Statement " + statement.index() + " of " + file.path() + " failed: " + message,
                sqlState, statement.summary());
        return new SchemaBuildException(error, count, "Fix the statement and build again. Nothing was applied: every schema "
                + "file runs in one transaction, in the order of their paths (numeric prefixes compare as numbers)", ex);
    }
}
