/**
 * Side-by-side benchmarks of Confiture, Flyway and "the limit" (the same SQL as one script over one JDBC
 * connection in one transaction) on one embedded PostgreSQL. Run {@link dev.confiture.benchmarks.BenchmarkMain}.
 */
@NullMarked
package dev.confiture.benchmarks;

import org.jspecify.annotations.NullMarked;
