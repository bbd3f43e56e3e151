/**
 * JUnit 5 support: {@link dev.confiture.junit.BuiltDatabase} gives a test class a fresh database built from
 * the DDL files and baselined, on the shared embedded PostgreSQL of
 * {@code dev.confiture.testing.postgres}.
 */
@NullMarked
package dev.confiture.junit;

import org.jspecify.annotations.NullMarked;
