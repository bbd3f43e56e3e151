package dev.confiture.dryrun;

import java.util.List;

/**
 * The result of a dry run: one entry per migration migrate would apply, in the order it would apply
 * them.
 *
 * @param migrations the migrations, ascending by version
 * @param totalTimeMs how long the whole dry run took, lock wait included
 */
public record DryRunResult(List<DryRunMigration> migrations, long totalTimeMs) {

    /**
     * Copies the list.
     * @param migrations the migrations
     * @param totalTimeMs the total time
     */
    public DryRunResult {
        migrations = List.copyOf(migrations);
    }

    /**
     * @return whether no migration failed (migrations that are not dry-runnable or were skipped do not
     * count as failures)
     */
    public boolean succeeded() {
        return migrations.stream().noneMatch(migration -> migration.outcome() == DryRunOutcome.FAILED);
    }
}
