package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code @JdbcTest} runs the migrations, with no import of Confiture's.
 */
@JdbcTest
class JdbcSliceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theMigrationsRan() {
        assertThat(jdbc.queryForObject("SELECT title FROM book WHERE id = 1", String.class)).isEqualTo("Le Petit Prince");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(1);
    }
}
