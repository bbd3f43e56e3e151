/**
 * Actuator health support for Confiture.
 */
@NullMarked
package dev.confiture.spring.boot.actuate.health;

import org.jspecify.annotations.NullMarked;
