package dev.confiture.sample;

import dev.confiture.testing.postgres.EmbeddedPostgresServer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
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
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startStoppedByCaller();
        stopAfterTheContext(application, server);
        environment.getPropertySources().addLast(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", server.jdbcUrl("postgres"),
                "spring.datasource.username", server.user())));
    }

    /**
     * Stops the server once the application context is closed (its beans are destroyed after its lifecycle stopped, so
     * Confiture's heartbeat removes this instance's row while the database still runs), and at the JVM's exit in any
     * case. A server with its own shutdown hook would stop concurrently with Spring Boot's, and the heartbeat would
     * wait for a database that is gone.
     */
    private static void stopAfterTheContext(SpringApplication application, EmbeddedPostgresServer server) {
        CountDownLatch contextClosed = new CountDownLatch(1);
        AtomicBoolean contextCreated = new AtomicBoolean();
        application.addInitializers(context -> {
            contextCreated.set(true);
            ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("sampleEmbeddedPostgres",
                    () -> {
                        server.close();
                        contextClosed.countDown();
                    });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (contextCreated.get()) {
                    // Spring Boot's own hook closes the context meanwhile
                    contextClosed.await(30, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            server.close();
        }, "sample-embedded-postgres-stop"));
    }
}
