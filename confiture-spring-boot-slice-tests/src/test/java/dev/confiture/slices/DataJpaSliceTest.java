package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @DataJpaTest} runs the migrations before Hibernate validates the schema, with no import of Confiture's:
 * without them the context fails with "Schema validation: missing table [book]".
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class DataJpaSliceTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SliceDatabase.register(registry, "DataJpaSliceTest");
    }

    @Autowired
    BookRepository books;

    @Test
    void theMigrationsRanBeforeHibernateValidatedTheSchema() {
        assertThat(books.findById(1L)).hasValueSatisfying(book -> assertThat(book.getTitle()).isEqualTo("Le Petit Prince"));
    }
}
