package dev.confiture.execution;

import dev.confiture.migration.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * How far down goes: the newest {@code steps} applied migrations, or every applied migration newer
 * than {@code version} (which stays applied).
 *
 * @param steps how many to revert, when counting
 * @param version the version to go back to, when targeting
 */
public record DownTarget(int steps, @Nullable MigrationVersion version) {

    /**
     * @param steps how many of the newest applied migrations to revert (at least 1)
     * @return the target
     */
    public static DownTarget steps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, was " + steps);
        }
        return new DownTarget(steps, null);
    }

    /**
     * @param version the version to go back to; it stays applied ({@code 0} reverts everything)
     * @return the target
     */
    public static DownTarget to(MigrationVersion version) {
        return new DownTarget(0, version);
    }
}
