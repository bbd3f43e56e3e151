/**
 * Spring Boot auto-configuration for Confiture: the {@code confiture.*} properties, the
 * {@link dev.confiture.Confiture} bean on the application's DataSource, migrations on startup
 * (migrate, validate, none or async), resource scanning through Spring, and the hooks that make
 * JPA and JDBC beans wait for migrations.
 */
@NullMarked
package dev.confiture.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
