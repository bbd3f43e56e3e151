package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.status.StatusJson;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * {@code GET /actuator/confiture} of a running application: the status JSON (README, "Status JSON"), field by
 * field.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,confiture", "spring.application.name=greeter",
                "confiture.environment=staging" })
@DirtiesContext
class ActuatorEndpointIntegrationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("actuator_endpoint");

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
    void statusJsonOfEveryConfitureBeanIsSnakeCaseAndComplete() {
        Http.Response response = new Http(port).get("/actuator/confiture");

        assertThat(response.status()).isEqualTo(200);
        JsonNode contexts = response.json().get("contexts");
        assertThat(fieldNames(contexts)).containsExactly("greeter");
        JsonNode status = contexts.get("greeter").get("confitureBeans").get("confiture");
        assertThat(fieldNames(status)).containsExactly("format_version", "tracking_table", "environment", "current", "total",
                "applied", "pending", "summary", "migrations", "pending_migrations", "problems", "hints", "repeatables",
                "held", "live_builds");
        assertThat(status.get("format_version").asInt()).isEqualTo(1);
        assertThat(status.get("tracking_table").asString()).isEqualTo("public.tb_confiture");
        assertThat(status.get("environment").asString()).isEqualTo("staging");
        assertThat(status.get("current").asString()).isEqualTo("002");
        assertThat(status.get("total").asInt()).isEqualTo(2);
        assertThat(status.get("applied").toString()).isEqualTo("[\"001\",\"002\"]");
        assertThat(status.get("pending").toString()).isEqualTo("[]");
        assertThat(status.get("summary").toString())
                .isEqualTo("{\"applied\":2,\"pending\":0,\"failed\":0,\"total\":2,\"up_to_date\":true,\"held\":0}");
        assertThat(status.get("held").toString()).isEqualTo("[]");
        JsonNode build = status.get("live_builds").get(0);
        assertThat(build.get("application").asString()).as("this application's own heartbeat").isEqualTo("greeter");
        assertThat(build.get("schema_version").asString()).isEqualTo("002");
        assertThat(fieldNames(build.get("instances").get(0))).containsExactly("instance_id", "host", "started_at",
                "last_seen_at");
        assertThat(status.get("pending_migrations").toString()).isEqualTo("[]");
        assertThat(status.get("problems").toString()).isEqualTo("[]");
        assertThat(status.get("hints").toString()).isEqualTo("[]");

        JsonNode first = status.get("migrations").get(0);
        assertThat(fieldNames(first)).containsExactly("id", "pk", "slug", "version", "name", "status", "applied_at",
                "execution_time_ms", "applied_by", "checksum", "risk", "impact", "duration_estimate", "approval",
                "transactional", "reversible", "analysis", "phase");
        assertThat(first.get("id").asString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first.get("pk").asLong()).isEqualTo(1);
        assertThat(first.get("slug").asString()).isEqualTo("001_create_greeting");
        assertThat(first.get("version").asString()).isEqualTo("001");
        assertThat(first.get("name").asString()).isEqualTo("create_greeting");
        assertThat(first.get("status").asString()).isEqualTo("applied");
        assertThat(first.get("applied_at").asString()).endsWith("Z");
        assertThat(first.get("execution_time_ms").isNumber()).isTrue();
        assertThat(first.get("applied_by").asString()).isEqualTo("postgres");
        assertThat(first.get("checksum").asString()).matches("[0-9a-f]{64}");
        assertThat(first.get("risk").asString()).isEqualTo("low");
        assertThat(first.get("impact").asString()).isEqualTo("safe");
        assertThat(first.get("duration_estimate").isNull()).isTrue();
        assertThat(first.get("approval").asString()).isEqualTo("not_required");
        assertThat(first.get("transactional").asBoolean()).isTrue();
        assertThat(first.get("reversible").asBoolean()).isTrue();
        JsonNode second = status.get("migrations").get(1);
        assertThat(second.get("risk").asString()).isEqualTo("medium");
        assertThat(second.get("duration_estimate").asString()).isEqualTo("PT30S");
        assertThat(second.get("reversible").asBoolean()).isFalse();
        assertThat(response.body()).doesNotContain("CREATE TABLE", "ALTER TABLE", "jdbc:postgresql");
    }

    @Test
    void oneMigrationByVersion() {
        Http.Response response = new Http(port).get("/actuator/confiture/002");

        assertThat(response.status()).isEqualTo(200);
        JsonNode migration = response.json().get("migrations").get("confiture");
        assertThat(migration.get("slug").asString()).isEqualTo("002_add_language");
        assertThat(migration.get("status").asString()).isEqualTo("applied");
    }

    @Test
    void anUnknownVersionIsNotFound() {
        assertThat(new Http(port).get("/actuator/confiture/999").status()).isEqualTo(404);
    }

    @Test
    void eachBeanIsWrittenAsStatusJsonWritesItAndAChangeShowsInTheNextResponse(@Autowired Confiture confiture)
            throws SQLException {
        String before = new Http(port).get("/actuator/confiture").body();
        assertThat(before).contains("\"confiture\":" + StatusJson.write(confiture.status()));
        assertThat(new Http(port).get("/actuator/confiture").body()).isEqualTo(before);
        try {
            execute("UPDATE tb_confiture SET applied_by = 'dba' WHERE version = '001'");

            JsonNode after = new Http(port).get("/actuator/confiture").json();

            assertThat(after.at("/contexts/greeter/confitureBeans/confiture/migrations/0/applied_by").asString())
                    .isEqualTo("dba");
        }
        finally {
            execute("UPDATE tb_confiture SET applied_by = 'postgres' WHERE version = '001'");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
