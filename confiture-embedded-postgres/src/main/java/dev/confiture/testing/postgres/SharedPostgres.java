package dev.confiture.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one PostgreSQL server of this JVM and the fresh databases created on it.
 *
 * <p>Which server, from environment variables (or system properties of the same names):
 * <ul>
 * <li>{@code CONFITURE_TEST_JDBC_URL} names an existing server ({@code CONFITURE_TEST_USER} and
 * {@code CONFITURE_TEST_PASSWORD} give credentials when the URL does not carry them);</li>
 * <li>else {@code CONFITURE_TEST_BACKEND}: {@code embedded} (PostgreSQL binaries from Maven Central) or
 * {@code testcontainers} (a container from {@link PostgresContainerImage#fromEnvironment()});</li>
 * <li>unset: a container when Testcontainers is on the test class path, a Docker engine answers and it has (or
 * pulls) the image; the embedded server otherwise, saying why on standard error.</li>
 * </ul>
 */
public final class SharedPostgres {

    static final String EMBEDDED = "embedded";

    static final String TESTCONTAINERS = "testcontainers";

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
            server = (url != null) ? new ExternalPostgresServer(url, orEmpty(setting("CONFITURE_TEST_USER")),
                    orEmpty(setting("CONFITURE_TEST_PASSWORD"))) : startBackend(backend());
        }
        return server;
    }

    /**
     * The backend {@link #server()} starts, from {@code CONFITURE_TEST_BACKEND} or, unset, from whether a Docker
     * engine answers.
     * @return {@code embedded} or {@code testcontainers}
     */
    public static String backend() {
        String configured = setting("CONFITURE_TEST_BACKEND");
        if (configured == null) {
            if (!testcontainersPresent()) {
                return EMBEDDED;
            }
            Optional<String> unavailability = PostgresContainerImage.unavailability();
            unavailability.ifPresent(reason -> System.err.println("Confiture test support: embedded PostgreSQL, not a "
                    + "container: " + reason + " (CONFITURE_TEST_BACKEND chooses)"));
            return unavailability.isEmpty() ? TESTCONTAINERS : EMBEDDED;
        }
        String backend = configured.toLowerCase(Locale.ROOT);
        if (!backend.equals(EMBEDDED) && !backend.equals(TESTCONTAINERS)) {
            throw new IllegalStateException("CONFITURE_TEST_BACKEND is '" + configured + "': use " + EMBEDDED + " or "
                    + TESTCONTAINERS + ", or leave it unset (a container when a Docker engine answers)");
        }
        if (backend.equals(TESTCONTAINERS) && !testcontainersPresent()) {
            throw new IllegalStateException("CONFITURE_TEST_BACKEND is testcontainers but Testcontainers is not on the "
                    + "test class path: add org.testcontainers:testcontainers-postgresql (test scope)");
        }
        return backend;
    }

    private static PostgresServer startBackend(String backend) {
        return backend.equals(TESTCONTAINERS) ? ContainerPostgresServer.start() : EmbeddedPostgresServer.start();
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false, SharedPostgres.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
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

    static @Nullable String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    private static String orEmpty(@Nullable String value) {
        return (value != null) ? value : "";
    }
}
