package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @JooqTest} runs the migrations, with no import of Confiture's.
 */
@JooqTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JooqSliceTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SliceDatabase.register(registry, "JooqSliceTest");
    }

    @Autowired
    DSLContext jooq;

    @Test
    void theMigrationsRan() {
        assertThat(jooq.fetchValue("SELECT title FROM book WHERE id = 1")).isEqualTo("Le Petit Prince");
    }
}
