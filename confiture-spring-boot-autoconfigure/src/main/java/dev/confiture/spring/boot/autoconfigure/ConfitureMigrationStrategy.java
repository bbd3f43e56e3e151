package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;

/**
 * Replaces what the application does with migrations at startup: define a bean of this type and
 * the auto-configured initializer calls it instead of honouring {@code confiture.startup-mode}.
 */
@FunctionalInterface
public interface ConfitureMigrationStrategy {

    /**
     * @param confiture the auto-configured Confiture
     */
    void migrate(Confiture confiture);
}
