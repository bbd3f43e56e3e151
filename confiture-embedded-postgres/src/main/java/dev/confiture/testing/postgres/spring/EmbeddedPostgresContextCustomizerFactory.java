package dev.confiture.testing.postgres.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Gives every Spring Boot test context ({@code @SpringBootTest}, {@code @DataJpaTest}, {@code @JdbcTest}, ...) that
 * names no database a fresh database on the shared embedded PostgreSQL, as {@code spring.datasource.*}: adding this
 * module as a test dependency is all a test needs, with no import and no {@code @DynamicPropertySource}. Registered in
 * {@code META-INF/spring.factories}; {@code confiture.test.embedded-postgres=false} turns it off.
 */
public final class EmbeddedPostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new EmbeddedPostgresContextCustomizer();
    }
}
