package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @JdbcTest} runs the migrations, with no import of Confiture's.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JdbcSliceTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SliceDatabase.register(registry, "JdbcSliceTest");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theMigrationsRan() {
        assertThat(jdbc.queryForObject("SELECT title FROM book WHERE id = 1", String.class)).isEqualTo("Le Petit Prince");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(1);
    }
}
