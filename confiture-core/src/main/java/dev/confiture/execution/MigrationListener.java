package dev.confiture.execution;

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
     * A migration failed; migrate throws {@code failure} right after.
     * @param failure the failure
     * @param durationMs how long the attempt ran
     */
    default void migrationFailed(MigrationFailedException failure, long durationMs) {
    }
}
