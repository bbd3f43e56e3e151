package dev.confiture.testing.postgres.spring;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds {@code spring.datasource.url}, {@code username} and {@code password} of a fresh database to a Spring Boot test
 * context that has none (from its properties, {@code @TestPropertySource}, {@code @DynamicPropertySource} or a
 * {@code @ServiceConnection}), and drops the database when the context closes. All instances are equal, so the test
 * context cache shares contexts as it would without it.
 */
final class TestDatabaseContextCustomizer implements ContextCustomizer {

    static final String ENABLED = "confiture.test.database.enabled";

    private static final String BOOT_CONTEXT_LOADER = "org.springframework.boot.test.context.SpringBootContextLoader";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!mergedConfig.getContextLoader().getClass().getName().equals(BOOT_CONTEXT_LOADER)
                || environment.containsProperty("spring.datasource.url")
                || !environment.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        TestDatabase database = SharedPostgres.createDatabase(mergedConfig.getTestClass().getSimpleName());
        // last: whatever the test or the application says (a property, @AutoConfigureTestDatabase) wins
        environment.getPropertySources().addLast(new MapPropertySource("confiture test database",
                Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username", database.user(),
                        "spring.datasource.password", database.password(),
                        // a slice's @AutoConfigureTestDatabase would replace it with an in-memory database otherwise
                        "spring.test.database.replace", "none")));
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                database.close();
            }
        });
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestDatabaseContextCustomizer;
    }

    @Override
    public int hashCode() {
        return TestDatabaseContextCustomizer.class.hashCode();
    }
}
