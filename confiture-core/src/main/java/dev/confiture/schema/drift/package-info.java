/**
 * Drift preflight: the schema of a live database, read from {@code pg_catalog}
 * ({@link dev.confiture.schema.drift.SchemaSnapshot}), compared with the schema the DDL files or the
 * migrations build in a scratch database ({@link dev.confiture.schema.drift.DriftSource}); the differences
 * form a {@link dev.confiture.schema.drift.DriftReport} that serializes to snake_case JSON
 * ({@link dev.confiture.schema.drift.DriftJson}).
 */
@NullMarked
package dev.confiture.schema.drift;

import org.jspecify.annotations.NullMarked;
