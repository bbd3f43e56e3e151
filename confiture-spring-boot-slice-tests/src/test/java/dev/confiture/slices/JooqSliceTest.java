package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jooq.test.autoconfigure.JooqTest;

/**
 * {@code @JooqTest} runs the migrations, with no import of Confiture's.
 */
@JooqTest
class JooqSliceTest {

    @Autowired
    DSLContext jooq;

    @Test
    void theMigrationsRan() {
        assertThat(jooq.fetchValue("SELECT title FROM book WHERE id = 1")).isEqualTo("Le Petit Prince");
    }
}
