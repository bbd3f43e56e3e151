package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.config.ConfitureConfiguration;

/**
 * Adjusts the auto-configured {@link ConfitureConfiguration} after the {@code confiture.*}
 * properties are applied. Beans of this type are called in {@link org.springframework.core.Ordered}
 * order.
 */
@FunctionalInterface
public interface ConfitureConfigurationCustomizer {

    /**
     * @param builder the configuration being built
     */
    void customize(ConfitureConfiguration.Builder builder);
}
