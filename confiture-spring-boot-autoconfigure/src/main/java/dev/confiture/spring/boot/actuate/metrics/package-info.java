/**
 * Actuator metrics support for Confiture.
 */
@NullMarked
package dev.confiture.spring.boot.actuate.metrics;

import org.jspecify.annotations.NullMarked;
