/**
 * The Trinity tracking table {@code tb_confiture} (one row per applied migration, compatible with
 * upstream Confiture) and the event log {@code tb_confiture_event} (every attempt, failure,
 * statement progress and baseline). Identifiers are always quoted, never concatenated from input.
 */
@NullMarked
package dev.confiture.tracking;

import org.jspecify.annotations.NullMarked;
