package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link Confiture} beans and the {@link ConfitureMigrationInitializer}
 * initialize the database, so JPA, {@code JdbcTemplate} and other beans that depend on database
 * initialization are created after the migrations ran.
 */
public final class ConfitureDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(Confiture.class, ConfitureMigrationInitializer.class, ConfitureTenantsInitializer.class);
    }

    /**
     * After the detectors of Spring Boot's own initializers (order 0), like Flyway's.
     * @return 1
     */
    @Override
    public int getOrder() {
        return 1;
    }
}
