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
 * {@code @ServiceConnection} database container (a static field, or {@code @ImportTestcontainers}) keeps its
 * container; a test that names a database any other way keeps it too (the database here is only created when no
 * other property source names one).
 * Registered in {@code META-INF/spring.factories}; {@code confiture.test.database.enabled=false} turns it off.
 */
public final class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    private static final String SERVICE_CONNECTION = "org.springframework.boot.testcontainers.service.connection.ServiceConnection";

    private static final String JDBC_CONTAINER = "org.testcontainers.containers.JdbcDatabaseContainer";

    private static final String IMPORT_TESTCONTAINERS = "org.springframework.boot.testcontainers.context.ImportTestcontainers";

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return declaresServiceConnection(testClass) ? null : new TestDatabaseContextCustomizer();
    }

    /** A JDBC database container; a Kafka or Redis service connection leaves the database to the test support. */
    private static boolean isDatabaseContainer(Class<?> fieldType) {
        try {
            return Class.forName(JDBC_CONTAINER, false, fieldType.getClassLoader()).isAssignableFrom(fieldType);
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    private static boolean declaresServiceConnection(Class<?> testClass) {
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(IMPORT_TESTCONTAINERS)) {
                return true;
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && MergedAnnotations.from(field).isPresent(SERVICE_CONNECTION)
                        && isDatabaseContainer(field.getType())) {
                    return true;
                }
            }
        }
        // a @Nested test class inherits its enclosing class's containers
        return TestContextAnnotationUtils.searchEnclosingClass(testClass) && testClass.getEnclosingClass() != null
                && declaresServiceConnection(testClass.getEnclosingClass());
    }
}
