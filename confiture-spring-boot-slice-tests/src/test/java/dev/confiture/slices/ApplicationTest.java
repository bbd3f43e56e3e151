package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code @SpringBootTest} of the whole application: migrated on a fresh embedded PostgreSQL database, with no import of
 * Confiture's and no database configured (the test support hands one to every Boot test context that names none).
 */
@SpringBootTest
class ApplicationTest {

    @Autowired
    BookRepository books;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theApplicationStartsMigrated() {
        assertThat(books.count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(1);
    }
}
