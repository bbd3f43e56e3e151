package dev.confiture.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which server the test support starts: {@code CONFITURE_TEST_BACKEND}, or a container exactly when one can start.
 */
class BackendTest {

    @AfterEach
    void clear() {
        System.clearProperty("CONFITURE_TEST_BACKEND");
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheChoices() {
        System.setProperty("CONFITURE_TEST_BACKEND", "docker");
        assertThatIllegalStateException().isThrownBy(SharedPostgres::backend)
                .withMessage("CONFITURE_TEST_BACKEND is 'docker': use embedded or testcontainers, or leave it unset "
                        + "(a container when a Docker engine answers)");
    }

    @Test
    void aNamedBackendIsTakenWhateverDockerSays() {
        System.setProperty("CONFITURE_TEST_BACKEND", "Embedded");
        assertThat(SharedPostgres.backend()).isEqualTo("embedded");
        System.setProperty("CONFITURE_TEST_BACKEND", "testcontainers");
        assertThat(SharedPostgres.backend()).isEqualTo("testcontainers");
    }

    @Test
    void unsetItIsAContainerExactlyWhenOneCanStart() {
        System.clearProperty("CONFITURE_TEST_BACKEND");
        // an environment variable would decide instead: this case is about the automatic choice
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CONFITURE_TEST_BACKEND") == null,
                "CONFITURE_TEST_BACKEND is set in the environment");
        assertThat(SharedPostgres.backend())
                .isEqualTo(PostgresContainerImage.unavailability().isEmpty() ? "testcontainers" : "embedded");
    }

    @Test
    @RequiresPostgresContainer
    void theContainerBackendServesDatabasesAsTheEmbeddedOneDoes() throws Exception {
        PostgresServer server = ContainerPostgresServer.start();
        assertThat(server.description()).startsWith("PostgreSQL in container ");
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(),
                server.password()); Statement statement = connection.createStatement();
                ResultSet settings = statement.executeQuery(
                        "SELECT rolsuper AND current_setting('fsync') = 'off' FROM pg_roles WHERE rolname = current_user")) {
            settings.next();
            assertThat(settings.getBoolean(1)).as("a superuser on a throw-away server").isTrue();
        }
    }
}
