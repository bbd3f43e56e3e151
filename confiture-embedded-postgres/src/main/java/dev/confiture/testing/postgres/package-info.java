/**
 * A real PostgreSQL server for tests and samples: one server per JVM (embedded binaries from Maven
 * Central, or an external server named by {@code CONFITURE_TEST_JDBC_URL}) and a fresh database per
 * test class or test. See {@link dev.confiture.testing.postgres.EmbeddedPostgresServer} for how it
 * copes with running as root.
 */
@NullMarked
package dev.confiture.testing.postgres;

import org.jspecify.annotations.NullMarked;
