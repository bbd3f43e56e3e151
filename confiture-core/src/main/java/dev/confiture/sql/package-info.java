/**
 * Splitting PostgreSQL migration scripts into statements: a lexer that follows PostgreSQL's own
 * quoting rules (standard and escape strings, dollar quotes, quoted identifiers, nested block
 * comments, {@code BEGIN ATOMIC} function bodies), the resulting {@link dev.confiture.sql.SqlScript}
 * and {@link dev.confiture.sql.SqlStatement} values with their positions in the file, and the
 * recognition of statements that cannot run inside a transaction block or that control the
 * transaction themselves. Nothing in this package talks to a database.
 */
@NullMarked
package dev.confiture.sql;

import org.jspecify.annotations.NullMarked;
