package dev.confiture.testing.postgres.spring;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds {@code spring.datasource.url}, {@code username} and {@code password} of a fresh database to a Spring Boot test
 * context, as its last property source, created when asked for only if no other source names a database (see
 * {@link TestDatabasePropertySource}), and drops the database when the context closes. All instances are equal, so the test
 * context cache shares contexts as it would without it.
 */
final class TestDatabaseContextCustomizer implements ContextCustomizer {

    static final String ENABLED = "confiture.test.database.enabled";

    private static final String BOOT_CONTEXT_LOADER = "org.springframework.boot.test.context.SpringBootContextLoader";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!mergedConfig.getContextLoader().getClass().getName().equals(BOOT_CONTEXT_LOADER)
                || !environment.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        TestDatabasePropertySource database = new TestDatabasePropertySource(mergedConfig.getTestClass().getSimpleName(),
                environment);
        // last: whatever the test or the application says (a property, @AutoConfigureTestDatabase) wins
        environment.getPropertySources().addLast(database);
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
