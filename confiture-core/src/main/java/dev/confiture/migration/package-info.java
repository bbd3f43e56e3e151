/**
 * Migrations: their model ({@link dev.confiture.migration.ResolvedMigration}, versions, ids,
 * checksums), the naming rule, the {@code -- confiture:} metadata headers and discovery of
 * migration files in classpath and filesystem locations.
 */
@NullMarked
package dev.confiture.migration;

import org.jspecify.annotations.NullMarked;
