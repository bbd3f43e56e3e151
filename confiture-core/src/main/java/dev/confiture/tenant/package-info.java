/**
 * Schema-per-tenant migration: one set of migrations applied to many schemas of one database, each
 * with its own tracking table, in parallel with bounded parallelism, with a result per tenant and a
 * summary.
 */
@NullMarked
package dev.confiture.tenant;

import org.jspecify.annotations.NullMarked;
