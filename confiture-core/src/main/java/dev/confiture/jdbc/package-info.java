/**
 * JDBC steps shared by everything that sends SQL: sending a statement as written, timeouts, {@code search_path},
 * rolling back and restoring a connection, deriving connection settings, measuring elapsed time.
 */
@NullMarked
package dev.confiture.jdbc;

import org.jspecify.annotations.NullMarked;
