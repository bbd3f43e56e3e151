package dev.confiture.sample;

import dev.confiture.testing.postgres.EmbeddedPostgresServer;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded PostgreSQL (real binaries, as in the tests) when no
 * {@code spring.datasource.url} is configured, and points the DataSource at it. With a URL
 * (property, {@code SPRING_DATASOURCE_URL}, ...) the sample uses that database instead; with
 * {@code sample.embedded-postgres=false} (a service connection supplies the database) it starts nothing.
 */
public class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || !environment.getProperty("sample.embedded-postgres", Boolean.class, true)) {
            return;
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
        environment.getPropertySources().addLast(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", server.jdbcUrl("postgres"),
                "spring.datasource.username", server.user())));
    }
}
