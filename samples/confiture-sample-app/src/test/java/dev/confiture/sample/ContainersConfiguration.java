package dev.confiture.sample;

import dev.confiture.testing.postgres.PostgresContainerImage;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a container as the application's database, by service connection: the DataSource and Confiture both
 * use it. Boot starts the container with the context and stops it with the context. (A project of yours writes
 * {@code new PostgreSQLContainer("postgres:17")}; this one lets CONFITURE_TEST_IMAGE substitute a local image.)
 */
@TestConfiguration(proxyBeanMethods = false)
class ContainersConfiguration {

    @Bean
    @ServiceConnection
    PostgreSQLContainer postgres() {
        return new PostgreSQLContainer(PostgresContainerImage.fromEnvironment());
    }
}
