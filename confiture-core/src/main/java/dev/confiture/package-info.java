/**
 * Confiture core: the {@code Confiture} facade, its configuration and the errors it reports.
 */
@NullMarked
package dev.confiture;

import org.jspecify.annotations.NullMarked;
