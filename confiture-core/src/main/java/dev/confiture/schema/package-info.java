/**
 * Build from DDL: the {@code db/schema/} tree of DDL files, its deterministic order
 * ({@link dev.confiture.schema.SchemaFileOrder}), applying it to an empty database in one transaction
 * followed by a baseline of every known migration ({@link dev.confiture.schema.BuildResult}), checking
 * that it applies ({@link dev.confiture.schema.SchemaValidation}), and the scratch databases that
 * validation, lint and drift use ({@link dev.confiture.config.ScratchDataSources}).
 */
@NullMarked
package dev.confiture.schema;

import org.jspecify.annotations.NullMarked;
