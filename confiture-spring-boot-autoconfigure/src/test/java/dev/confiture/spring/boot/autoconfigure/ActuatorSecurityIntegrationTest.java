package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * What the Actuator shows never contains SQL text or a password, also when a migration failed, and
 * the endpoint offers no write operation.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.startup-mode=async", "confiture.locations=classpath:db/secret",
        "spring.datasource.password=s3cr3t-in-properties", "confiture.password=s3cr3t-for-confiture",
        "management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always" })
@DirtiesContext
class ActuatorSecurityIntegrationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("actuator_security");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE.jdbcUrl() + "&password=s3cr3t-in-url");
        registry.add("spring.datasource.username", DATABASE::user);
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Test
    void statusAndHealthShowNeitherSqlNorPasswordsEvenAfterAFailure() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String health = send("GET", "/actuator/health").body();
        while (!health.contains("\"DOWN\"") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            health = send("GET", "/actuator/health").body();
        }
        String status = send("GET", "/actuator/confiture").body();
        String migration = send("GET", "/actuator/confiture/002").body();

        assertThat(health).contains("002_fails", "division by zero", "22012");
        assertThat(status).contains("002_fails", "\"failed\"");
        for (String body : new String[] { health, status, migration }) {
            assertThat(body).doesNotContain("s3cr3t", "tb_secret_marker", "INSERT", "CREATE TABLE", "jdbc:postgresql");
        }
    }

    @Test
    void theEndpointHasNoWriteOperation() throws Exception {
        for (String method : new String[] { "POST", "PUT", "DELETE" }) {
            assertThat(send(method, "/actuator/confiture").statusCode()).as(method).isIn(404, 405);
            assertThat(send(method, "/actuator/confiture/002").statusCode()).as(method).isIn(404, 405);
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
