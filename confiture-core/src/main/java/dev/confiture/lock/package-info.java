/**
 * The migration lock: PostgreSQL advisory locks (this tool's per-table key, and upstream Confiture's per-database
 * key in shared mode) held by a dedicated session in a transaction that stays open and idle, without a snapshot,
 * for the whole run; acquired by polling with a bounded wait, and checked before every step that changes the
 * database.
 */
@NullMarked
package dev.confiture.lock;

import org.jspecify.annotations.NullMarked;
