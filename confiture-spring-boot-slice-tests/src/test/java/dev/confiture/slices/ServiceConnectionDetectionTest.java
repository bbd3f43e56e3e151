package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.spring.TestDatabaseContextCustomizerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Which {@code @ServiceConnection} fields make the test support step aside: a database container's, not a queue's or a
 * cache's (the application still needs its database then). Read from the declarations: no container starts.
 */
class ServiceConnectionDetectionTest {

    private final TestDatabaseContextCustomizerFactory factory = new TestDatabaseContextCustomizerFactory();

    @Test
    void aDatabaseContainerKeepsItsOwnDatabase() {
        assertThat(factory.createContextCustomizer(WithPostgres.class, List.of())).isNull();
        assertThat(factory.createContextCustomizer(WithPostgres.Nested.class, List.of())).isNull();
    }

    @Test
    void anotherServiceLeavesTheDatabaseToTheTestSupport() {
        assertThat(factory.createContextCustomizer(WithQueue.class, List.of())).isNotNull();
    }

    static class WithPostgres {

        @ServiceConnection
        static PostgreSQLContainer postgres;

        @org.junit.jupiter.api.Nested
        class Nested {
        }
    }

    static class WithQueue {

        @ServiceConnection(name = "queue")
        static GenericContainer<?> queue;
    }
}
