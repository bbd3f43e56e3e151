package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

/**
 * {@code @DataJpaTest} runs the migrations before Hibernate validates the schema, with no import of Confiture's and no
 * database configured (the test support hands one to the context):
 * without them the context fails with "Schema validation: missing table [book]".
 */
@DataJpaTest
class DataJpaSliceTest {

    @Autowired
    BookRepository books;

    @Test
    void theMigrationsRanBeforeHibernateValidatedTheSchema() {
        assertThat(books.findById(1L)).hasValueSatisfying(book -> assertThat(book.getTitle()).isEqualTo("Le Petit Prince"));
    }
}
