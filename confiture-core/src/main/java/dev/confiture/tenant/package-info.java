/**
 * One set of migrations applied to many targets: the schemas of one database (schema per tenant) or many databases
 * (database per customer, region or shard), each with its own lock and tracking table, in parallel with bounded
 * parallelism, with a result per target and a summary.
 */
@NullMarked
package dev.confiture.tenant;

import org.jspecify.annotations.NullMarked;
