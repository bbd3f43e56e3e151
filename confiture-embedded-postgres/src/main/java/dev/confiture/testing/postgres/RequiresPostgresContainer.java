package dev.confiture.testing.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class or method only where a PostgreSQL container can start ({@link PostgresContainerImage#unavailability()});
 * elsewhere it is reported skipped with the reason (no Docker engine, or an image that cannot be had). Put it before
 * Testcontainers' {@code @Testcontainers}, so that the check comes first.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(PostgresContainerCondition.class)
public @interface RequiresPostgresContainer {

}
