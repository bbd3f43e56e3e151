/**
 * Testcontainers service connections for Confiture: a {@code @ServiceConnection} PostgreSQL container is migrated.
 */
@NullMarked
package dev.confiture.spring.boot.testcontainers;

import org.jspecify.annotations.NullMarked;
