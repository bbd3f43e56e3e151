package com.example.books;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

@DataJpaTest
class BookRepositoryTest {

    @Autowired
    BookRepository books;

    @Test
    void findsTheSeededBook() {
        assertThat(books.findById(1L)).hasValueSatisfying(book -> assertThat(book.getTitle()).isEqualTo("Le Petit Prince"));
    }
}
