/**
 * Lint of a built schema, read from its catalog (never from the SQL text): the Trinity naming rules
 * ({@code tb_} tables with {@code id UUID} and a {@code pk_<entity> BIGINT} identity, {@code v_}/{@code tv_}
 * views, foreign keys to {@code pk_} columns). Each {@link dev.confiture.config.LintRule} has an id
 * and can be switched off on its own.
 */
@NullMarked
package dev.confiture.schema.lint;

import org.jspecify.annotations.NullMarked;
