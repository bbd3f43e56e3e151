package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;

/**
 * {@code @DataJdbcTest} runs the migrations before the repository reads the table, with no import of Confiture's.
 */
@DataJdbcTest
class DataJdbcSliceTest {

    @Autowired
    Titles titles;

    @Test
    void theMigrationsRanBeforeTheRepositoryReadTheTable() {
        assertThat(titles.findById(1L)).hasValueSatisfying(row -> assertThat(row.title()).isEqualTo("Le Petit Prince"));
    }
}
