package dev.confiture.api;

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
     * A migration was applied and recorded, by the Confiture instance of this name (the configuration's
     * {@code name}, which tells instances and tenants apart). Calls {@link #migrationApplied(MigrationExecution)}
     * unless overridden.
     * @param instance the name of the instance that applied it
     * @param execution what ran
     */
    default void migrationApplied(String instance, MigrationExecution execution) {
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
     * A migration failed in the Confiture instance of this name. Calls
     * {@link #migrationFailed(MigrationFailedException, long)} unless overridden.
     * @param instance the name of the instance
     * @param failure the failure
     * @param durationMs how long the attempt ran
     */
    default void migrationFailed(String instance, MigrationFailedException failure, long durationMs) {
        migrationFailed(failure, durationMs);
    }
}
