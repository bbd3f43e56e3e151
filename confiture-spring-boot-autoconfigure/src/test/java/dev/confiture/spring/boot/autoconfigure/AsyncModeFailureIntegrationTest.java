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
import tools.jackson.databind.JsonNode;

/**
 * Startup mode {@code async} with a migration that fails: readiness keeps refusing traffic and the
 * health details carry the error, while liveness stays up.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.startup-mode=async", "confiture.locations=classpath:db/broken",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.probes.enabled=true", "management.endpoint.health.show-details=always" })
@DirtiesContext
class AsyncModeFailureIntegrationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("async_failure");

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
    void readinessStaysRefusingAndHealthShowsTheError() throws Exception {
        Http http = new Http(port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode confiture = http.get("/actuator/health").json().get("components").get("confiture");
        while (!"DOWN".equals(confiture.get("status").asString()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            confiture = http.get("/actuator/health").json().get("components").get("confiture");
        }

        assertThat(confiture.get("status").asString()).isEqualTo("DOWN");
        assertThat(confiture.get("details").get("error").asString()).contains("001_broken", "division by zero");
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
