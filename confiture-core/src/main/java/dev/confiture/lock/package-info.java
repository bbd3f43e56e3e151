/**
 * The migration lock: a PostgreSQL session-level advisory lock held on a dedicated connection
 * for the whole run, acquired with a bounded wait. Never a transaction-level lock.
 */
@NullMarked
package dev.confiture.lock;

import org.jspecify.annotations.NullMarked;
