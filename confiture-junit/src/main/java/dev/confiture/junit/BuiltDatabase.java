package dev.confiture.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class one fresh database, built from the DDL files with {@code Confiture.build()} (so every
 * known migration is recorded as applied) on the shared embedded PostgreSQL, and drops it after the class.
 * Test methods, {@code @BeforeAll}/{@code @BeforeEach} methods and constructors receive it as a
 * {@code dev.confiture.testing.postgres.TestDatabase} parameter; a {@code dev.confiture.Confiture} parameter is
 * configured for that database with the same locations, and a {@code dev.confiture.schema.BuildResult}
 * parameter says what the build did. {@code @Nested} classes share their enclosing class's database.
 *
 * <pre>{@code
 * @BuiltDatabase(schema = "classpath:db/schema", migrations = "classpath:db/migration")
 * class OrderRepositoryTest {
 *
 *     @Test
 *     void savesAnOrder(TestDatabase database) {
 *         OrderRepository repository = new OrderRepository(database.dataSource());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Tests share the class's database: clean up the rows a test writes, or give each test its own data. Do not
 * combine with {@code PostgresExtension}, which resolves {@code TestDatabase} parameters too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BuiltDatabaseExtension.class)
public @interface BuiltDatabase {

    /**
     * @return where the DDL files are ({@code classpath:} or {@code filesystem:}), applied in Confiture's schema
     * order; default {@code classpath:db/schema}
     */
    String[] schema() default "classpath:db/schema";

    /**
     * @return where the migrations are; every one found is recorded as applied; default
     * {@code classpath:db/migration} (a missing location means no migrations)
     */
    String[] migrations() default "classpath:db/migration";
}
