/**
 * Zero-downtime analysis: what each statement of a pending migration will lock, rewrite or scan, read from its text
 * without running it, and the rules that turn that into findings with a safe recipe.
 */
@NullMarked
package dev.confiture.safety;

import org.jspecify.annotations.NullMarked;
