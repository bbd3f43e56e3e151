/**
 * Actuator endpoint support for Confiture.
 */
@NullMarked
package dev.confiture.spring.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
