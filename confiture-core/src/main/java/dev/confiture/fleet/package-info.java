/**
 * The fleet view: what the central migration log says about every environment and database that reported to it.
 */
@NullMarked
package dev.confiture.fleet;

import org.jspecify.annotations.NullMarked;
