package dev.confiture.testing.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the shared server. Closing it drops the database (with {@code FORCE}, so
 * connections a test leaked do not keep it alive).
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private final DataSource dataSource;

    TestDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        PGSimpleDataSource pgDataSource = new PGSimpleDataSource();
        pgDataSource.setURL(server.jdbcUrl(name));
        if (!server.user().isEmpty()) {
            pgDataSource.setUser(server.user());
        }
        if (!server.password().isEmpty()) {
            pgDataSource.setPassword(server.password());
        }
        this.dataSource = pgDataSource;
    }

    /**
     * @return the database name
     */
    public String name() {
        return name;
    }

    /**
     * @return the JDBC URL of this database (credentials included when the server needs none)
     */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /**
     * @return the user to connect as
     */
    public String user() {
        return server.user();
    }

    /**
     * @return the password of {@link #user()}, possibly empty
     */
    public String password() {
        return server.password();
    }

    /**
     * @return a non-pooling DataSource: every {@code getConnection()} opens a new connection
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Opens a new connection; the caller closes it.
     * @return the connection
     * @throws SQLException if the server refuses
     */
    public Connection connect() throws SQLException {
        return SharedPostgres.connect(server, name);
    }

    /**
     * Drops the database.
     */
    @Override
    public void close() {
        try (Connection connection = SharedPostgres.connect(server, "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not drop test database " + name + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return name + " on " + server.description();
    }
}
