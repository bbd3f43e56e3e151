package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Startup mode {@code async}: the application answers while a five-second migration runs; liveness
 * is up, readiness refuses traffic until the migration succeeds.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.startup-mode=async", "confiture.locations=classpath:db/slow",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.probes.enabled=true", "management.endpoint.health.show-details=always" })
@DirtiesContext
class AsyncModeIntegrationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("async_mode");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::user);
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Test
    void livenessIsUpAndReadinessRefusesTrafficUntilTheBackgroundMigrationSucceeds() throws Exception {
        Http http = new Http(port);

        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
        Http.Response health = http.get("/actuator/health");
        assertThat(health.json().get("components").get("confiture").get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(health.json().get("components").get("confiture").get("details").get("migrating").asBoolean()).isTrue();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (http.get("/actuator/health/readiness").status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }

        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(ConfitureAutoConfigurationTest.tableExists(DATABASE, "tb_slow_done")).isTrue();
        assertThat(http.get("/actuator/health").json().get("components").get("confiture").get("status").asString())
                .isEqualTo("UP");
    }
}
