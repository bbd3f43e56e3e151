package dev.confiture.execution;

import dev.confiture.ConfitureConfiguration;

/**
 * Hears about each migration migrate applies or fails to apply, e.g. to record metrics. Called on
 * the migrating thread; an exception thrown here is logged and otherwise ignored, so a listener can
 * never break a migration.
 */
public interface MigrationListener {

    /**
     * A migration was applied and recorded.
     * @param execution what ran
     */
    default void migrationApplied(MigrationExecution execution) {
    }

    /**
     * A migration was applied and recorded, by the Confiture instance with this configuration (its
     * {@link ConfitureConfiguration#name() name} tells instances and tenants apart). Calls
     * {@link #migrationApplied(MigrationExecution)} unless overridden.
     * @param configuration the configuration of the instance that applied it
     * @param execution what ran
     */
    default void migrationApplied(ConfitureConfiguration configuration, MigrationExecution execution) {
        migrationApplied(execution);
    }

    /**
     * A migration failed; migrate throws {@code failure} right after.
     * @param failure the failure
     * @param durationMs how long the attempt ran
     */
    default void migrationFailed(MigrationFailedException failure, long durationMs) {
    }

    /**
     * A migration failed in the Confiture instance with this configuration. Calls
     * {@link #migrationFailed(MigrationFailedException, long)} unless overridden.
     * @param configuration the configuration of the instance
     * @param failure the failure
     * @param durationMs how long the attempt ran
     */
    default void migrationFailed(ConfitureConfiguration configuration, MigrationFailedException failure, long durationMs) {
        migrationFailed(failure, durationMs);
    }
}
