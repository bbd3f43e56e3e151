package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Startup mode {@code validate} with one pending migration: the readiness probe refuses traffic
 * until the migration is applied, and the pending gauge follows.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.startup-mode=validate", "confiture.locations=classpath:db/one-pending",
        "management.endpoints.web.exposure.include=health,confiture,metrics",
        "management.endpoint.health.probes.enabled=true", "management.endpoint.health.show-details=always",
        "management.endpoint.health.group.readiness.include=readinessState,confiture",
        "management.endpoint.health.group.readiness.show-details=always" })
@DirtiesContext
class ValidateModeReadinessIntegrationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("validate_readiness");

    @LocalServerPort
    int port;

    @Autowired
    Confiture confiture;

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
    void readinessRefusesTrafficWhileAMigrationIsPendingAndAcceptsItOnceApplied() {
        Http http = new Http(port);

        Http.Response before = http.get("/actuator/health/readiness");
        assertThat(before.status()).isEqualTo(503);
        JsonNode confitureHealth = before.json().get("components").get("confiture");
        assertThat(confitureHealth.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(confitureHealth.get("details").get("pending").asInt()).isEqualTo(1);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(pendingGauge(http)).isEqualTo(1.0);
        assertThat(appliedGauge(http)).isEqualTo(0.0);

        confiture.migrate();

        Http.Response after = http.get("/actuator/health/readiness");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("components").get("confiture").get("status").asString()).isEqualTo("UP");
        assertThat(pendingGauge(http)).isEqualTo(0.0);
        assertThat(appliedGauge(http)).isEqualTo(1.0);
        JsonNode timer = http.get("/actuator/metrics/confiture.migrations.duration?tag=outcome:success").json();
        assertThat(timer.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
        assertThat(http.get("/actuator/metrics/confiture.migrations.startup").status()).as("the run's observation").isEqualTo(200);
    }

    private static double pendingGauge(Http http) {
        return gauge(http, "confiture.migrations.pending");
    }

    private static double appliedGauge(Http http) {
        return gauge(http, "confiture.migrations.applied");
    }

    private static double gauge(Http http, String name) {
        Http.Response response = http.get("/actuator/metrics/" + name);
        assertThat(response.status()).as(name).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("availableTags").get(0).get("tag").asString()).isEqualTo("instance");
        return json.get("measurements").get(0).get("value").asDouble();
    }
}
