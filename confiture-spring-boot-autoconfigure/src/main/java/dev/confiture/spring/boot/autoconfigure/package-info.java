/**
 * Spring Boot auto-configuration for Confiture. Empty until the issue "Spring Boot starter" lands;
 * the module exists so the build has its final shape.
 */
@NullMarked
package dev.confiture.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
