/**
 * The sample application: migrates a database with Confiture and prints its status.
 */
@NullMarked
package dev.confiture.sample;

import org.jspecify.annotations.NullMarked;
