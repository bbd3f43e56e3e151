package dev.confiture.migration;

import java.util.List;

import dev.confiture.Problem;
import org.jspecify.annotations.Nullable;

/**
 * The migrations found by {@link MigrationCatalog#resolve(List, List)} and the problems found on the
 * way. A migration with a problem is not in {@code migrations}.
 *
 * @param migrations the valid migrations, sorted by version
 * @param problems the problems, in a deterministic order (by source)
 */
public record DiscoveredMigrations(List<ResolvedMigration> migrations, List<Problem> problems) {

    /**
     * @param migrations the valid migrations, sorted by version (copied)
     * @param problems the problems (copied)
     */
    public DiscoveredMigrations {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
    }

    /**
     * @return whether any problem was found
     */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * @param version a version (compared numerically: {@code 1} finds {@code 001})
     * @return the migration with that version, or {@code null}
     */
    public @Nullable ResolvedMigration find(MigrationVersion version) {
        for (ResolvedMigration migration : migrations) {
            if (migration.version().equals(version)) {
                return migration;
            }
        }
        return null;
    }
}
