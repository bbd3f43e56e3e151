/**
 * Confiture's shared vocabulary, below every other package: error codes, exceptions and problems, source
 * locations, the names of settings and the words callers use for them, and what listeners hear about migrations.
 */
@NullMarked
package dev.confiture.api;

import org.jspecify.annotations.NullMarked;
