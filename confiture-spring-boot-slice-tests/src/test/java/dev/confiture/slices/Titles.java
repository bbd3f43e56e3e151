package dev.confiture.slices;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data JDBC repository, as a service has.
 */
interface Titles extends CrudRepository<Title, Long> {
}
