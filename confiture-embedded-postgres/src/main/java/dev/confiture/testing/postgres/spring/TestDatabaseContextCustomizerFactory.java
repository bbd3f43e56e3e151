package dev.confiture.testing.postgres.spring;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives every Spring Boot test context ({@code @SpringBootTest}, {@code @DataJpaTest}, {@code @JdbcTest}, ...) that
 * names no database a fresh database on the shared test PostgreSQL server (embedded, or a container: see
 * {@code SharedPostgres}), as {@code spring.datasource.*}: adding {@code confiture-embedded-postgres} as a test
 * dependency is all a test needs, with no import and no {@code @DynamicPropertySource}. A test class that declares a
 * {@code @ServiceConnection} container (a static field, or {@code @ImportTestcontainers}) keeps its container.
 * Registered in {@code META-INF/spring.factories}; {@code confiture.test.database.enabled=false} turns it off.
 */
public final class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String SERVICE_CONNECTION = "org.springframework.boot.testcontainers.service.connection.ServiceConnection";

    private static final String IMPORT_TESTCONTAINERS = "org.springframework.boot.testcontainers.context.ImportTestcontainers";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return declaresServiceConnection(testClass) ? null : new TestDatabaseContextCustomizer();
    }

    private static boolean declaresServiceConnection(Class<?> testClass) {
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(IMPORT_TESTCONTAINERS)) {
                return true;
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && MergedAnnotations.from(field).isPresent(SERVICE_CONNECTION)) {
                    return true;
                }
            }
        }
        // a @Nested test class inherits its enclosing class's containers
        return TestContextAnnotationUtils.searchEnclosingClass(testClass) && testClass.getEnclosingClass() != null
                && declaresServiceConnection(testClass.getEnclosingClass());
    }
}
