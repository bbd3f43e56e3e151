/**
 * Docker Compose service connections for Confiture: the Compose PostgreSQL service is migrated.
 */
@NullMarked
package dev.confiture.spring.boot.docker.compose;

import org.jspecify.annotations.NullMarked;
