package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.util.Map;
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
 * A named instance on a second database next to the default instance: both migrated at startup,
 * both in {@code /actuator/confiture}, the health and the metrics.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.instances.billing.locations=classpath:db/other", "confiture.instances.billing.environment=billing-env",
        "spring.application.name=two-databases",
        "management.endpoints.web.exposure.include=health,confiture,metrics",
        "management.endpoint.health.show-details=always" })
@DirtiesContext
class NamedInstancesIntegrationTest {

    private static final TestDatabase MAIN = SharedPostgres.createDatabase("instances_main");

    private static final TestDatabase BILLING = SharedPostgres.createDatabase("instances_billing");

    @LocalServerPort
    int port;

    @Autowired
    Map<String, Confiture> confitures;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", MAIN::jdbcUrl);
        registry.add("spring.datasource.username", MAIN::user);
        registry.add("confiture.instances.billing.url", BILLING::jdbcUrl);
        registry.add("confiture.instances.billing.user", BILLING::user);
    }

    @AfterAll
    static void dropDatabases() {
        MAIN.close();
        BILLING.close();
    }

    @Test
    void bothInstancesAreMigratedAtStartupAndReported() throws Exception {
        assertThat(confitures).containsOnlyKeys("confiture", "confiture.billing");
        assertThat(ConfitureAutoConfigurationTest.tableExists(MAIN, "tb_greeting")).isTrue();
        assertThat(ConfitureAutoConfigurationTest.tableExists(MAIN, "tb_other")).isFalse();
        assertThat(ConfitureAutoConfigurationTest.tableExists(BILLING, "tb_other")).isTrue();
        assertThat(ConfitureAutoConfigurationTest.scalar(BILLING, "SELECT DISTINCT environment FROM tb_confiture_event"))
                .isEqualTo("billing-env");

        Http http = new Http(port);
        JsonNode beans = http.get("/actuator/confiture").json().get("contexts").get("two-databases").get("confitureBeans");
        assertThat(beans.get("confiture").get("current").asString()).isEqualTo("002");
        assertThat(beans.get("confiture.billing").get("current").asString()).isEqualTo("001");
        assertThat(beans.get("confiture.billing").get("environment").asString()).isEqualTo("billing-env");

        JsonNode health = http.get("/actuator/health").json().get("components");
        assertThat(health.get("confiture").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("confiture").get("components").get("default").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("confiture").get("components").get("billing").get("details").get("current").asString())
                .isEqualTo("001");
        assertThat(health.has("confiture.billing")).as("one composite, not a contributor per instance").isFalse();
        assertThat(http.get("/actuator/health/confiture/billing").json().get("status").asString()).isEqualTo("UP");

        JsonNode applied = http.get("/actuator/metrics/confiture.migrations.applied?tag=instance:confiture.billing").json();
        assertThat(applied.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
        JsonNode timer = http.get("/actuator/metrics/confiture.migrations.duration?tag=instance:confiture.billing").json();
        assertThat(timer.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
    }
}
