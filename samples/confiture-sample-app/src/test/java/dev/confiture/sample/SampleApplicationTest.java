package dev.confiture.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample on a random port, on its own embedded PostgreSQL: both documented endpoints answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void actuatorConfitureShowsEveryMigrationApplied() throws Exception {
        HttpResponse<String> response = get("/actuator/confiture");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = JsonMapper.builder().build().readTree(response.body()).get("contexts")
                .get("confiture-sample-app").get("confitureBeans").get("confiture");
        assertThat(status.get("environment").asString()).isEqualTo("sample");
        assertThat(status.get("summary").get("applied").asInt()).isEqualTo(5);
        assertThat(status.get("summary").get("up_to_date").asBoolean()).isTrue();
        assertThat(status.get("current").asString()).isEqualTo("20260101120400");
        assertThat(status.get("migrations").get(3).get("transactional").asBoolean()).isFalse();
        assertThat(status.get("migrations").get(3).get("risk").asString()).isEqualTo("medium");
    }

    @Test
    void readinessIsUpOnceMigrated() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"confiture\"", "\"UP\"");
    }

    @Test
    void theApplicationUsesTheMigratedSchema() throws Exception {
        assertThat(get("/customers").body()).contains("ada@example.com", "grace@example.com");
        assertThat(get("/orders").body()).contains("\"customer\":\"ada\"", "4200");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
