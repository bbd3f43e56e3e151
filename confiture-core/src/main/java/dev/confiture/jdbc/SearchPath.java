package dev.confiture.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs migrations in one schema (a tenant's) by setting {@code search_path} on the migration
 * connection, and puts the previous value back when closed: pooled connections go back as they came.
 */
public final class SearchPath implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SearchPath.class);

    private final Connection connection;

    private final @Nullable String previous;

    private SearchPath(Connection connection, @Nullable String previous) {
        this.connection = connection;
        this.previous = previous;
    }

    /**
     * @param connection the migration connection, in autocommit mode
     * @param schema the schema to run in, or {@code null} to leave {@code search_path} alone
     * @return a handle that restores the previous {@code search_path} when closed
     * @throws SQLException if the server refuses
     */
    public static SearchPath use(Connection connection, @Nullable String schema) throws SQLException {
        if (schema == null) {
            return new SearchPath(connection, null);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_setting('search_path'), set_config('search_path', quote_ident(?), false)")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new SearchPath(connection, result.getString(1));
            }
        }
    }

    @Override
    public void close() {
        if (previous == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
            statement.setString(1, previous);
            statement.execute();
        }
        catch (SQLException ex) {
            logger.debug("Could not restore search_path; the connection is probably broken", ex);
        }
    }
}
