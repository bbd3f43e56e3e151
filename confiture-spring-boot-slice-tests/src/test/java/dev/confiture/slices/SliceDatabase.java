package dev.confiture.slices;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh database on the shared embedded PostgreSQL for each test class, handed to the slice as
 * {@code spring.datasource.*}.
 */
final class SliceDatabase {

    private SliceDatabase() {
    }

    static void register(DynamicPropertyRegistry registry, String label) {
        TestDatabase database = SharedPostgres.createDatabase(label);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }
}
