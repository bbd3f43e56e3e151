package dev.confiture.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one PostgreSQL server of this JVM and the fresh databases created on it.
 *
 * <p>The server is the embedded one unless the environment variable (or system property)
 * {@code CONFITURE_TEST_JDBC_URL} names an existing server; {@code CONFITURE_TEST_USER} and
 * {@code CONFITURE_TEST_PASSWORD} then give credentials when the URL does not carry them.
 */
public final class SharedPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static @Nullable PostgresServer server;

    private SharedPostgres() {
    }

    /**
     * @return the server of this JVM, started on first use
     */
    public static synchronized PostgresServer server() {
        if (server == null) {
            String url = setting("CONFITURE_TEST_JDBC_URL");
            server = (url == null) ? EmbeddedPostgresServer.start()
                    : new ExternalPostgresServer(url, orEmpty(setting("CONFITURE_TEST_USER")),
                            orEmpty(setting("CONFITURE_TEST_PASSWORD")));
        }
        return server;
    }

    /**
     * Creates a fresh, empty database (from {@code template0}) on the shared server.
     * @param label a readable part of the database name, e.g. the test class name
     * @return the database; close it to drop it
     */
    public static TestDatabase createDatabase(String label) {
        PostgresServer postgres = server();
        String name = databaseName(label);
        try (Connection connection = connect(postgres, "postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8'");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create test database " + name + " on "
                    + postgres.description() + ": " + ex.getMessage(), ex);
        }
        return new TestDatabase(postgres, name);
    }

    static Connection connect(PostgresServer postgres, String database) throws SQLException {
        Properties properties = new Properties();
        if (!postgres.user().isEmpty()) {
            properties.setProperty("user", postgres.user());
        }
        if (!postgres.password().isEmpty()) {
            properties.setProperty("password", postgres.password());
        }
        return DriverManager.getConnection(postgres.jdbcUrl(database), properties);
    }

    static String databaseName(String label) {
        String readable = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String suffix = "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        int room = 63 - "confiture_".length() - suffix.length();
        if (readable.length() > room) {
            readable = readable.substring(readable.length() - room);
        }
        return "confiture_" + readable + suffix;
    }

    private static @Nullable String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    private static String orEmpty(@Nullable String value) {
        return (value != null) ? value : "";
    }
}
