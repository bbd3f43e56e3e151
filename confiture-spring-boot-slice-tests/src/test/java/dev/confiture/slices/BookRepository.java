package dev.confiture.slices;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data JPA repository, as a service has.
 */
interface BookRepository extends CrudRepository<Book, Long> {
}
