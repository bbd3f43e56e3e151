/**
 * Spring test support: a database for every Spring Boot test context that names none.
 */
@NullMarked
package dev.confiture.testing.postgres.spring;

import org.jspecify.annotations.NullMarked;
