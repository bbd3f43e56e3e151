package dev.confiture.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.autoconfigure.ConfitureConnectionDetails;
import dev.confiture.testing.postgres.RequiresPostgresContainer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The sample on a {@code @ServiceConnection} PostgreSQL container, as a test and through the dev-time
 * {@link TestSampleApplication}: the container is the database the application uses and Confiture migrates. Skipped,
 * with the reason, where no container can start.
 */
@RequiresPostgresContainer
@SpringBootTest(properties = "sample.embedded-postgres=false")
@Import(ContainersConfiguration.class)
class ServiceConnectionTest {

    @Autowired
    PostgreSQLContainer postgres;

    @Autowired
    ConfitureConnectionDetails connectionDetails;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Confiture confiture;

    @Test
    void theContainerIsMigratedAndServesTheApplication() {
        assertThat(connectionDetails.getJdbcUrl()).isEqualTo(postgres.getJdbcUrl());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT inet_server_port()", Integer.class)).isEqualTo(5432);
        assertThat(confiture.status().summary().upToDate()).isTrue();
    }

    @Test
    void theDevTimeApplicationStartsOnAContainerMigrated() {
        try (ConfigurableApplicationContext context = TestSampleApplication.run("--server.port=0")
                .getApplicationContext()) {
            PostgreSQLContainer container = context.getBean(PostgreSQLContainer.class);
            assertThat(container.isRunning()).isTrue();
            assertThat(context.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT string_agg(version, ',' ORDER BY version) FROM tb_confiture", String.class))
                    .isEqualTo("20260101120000,20260101120100,20260101120200,20260101120300,20260101120400");
        }
    }
}
