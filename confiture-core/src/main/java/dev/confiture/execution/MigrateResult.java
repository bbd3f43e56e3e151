package dev.confiture.execution;

import dev.confiture.api.MigrationExecution;
import dev.confiture.api.Problem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What migrate did.
 *
 * @param initialVersion the newest applied version before the run, or {@code null}
 * @param currentVersion the newest applied version after the run, or {@code null}
 * @param applied the migrations applied in this run, in order
 * @param baselined versions baseline-on-migrate marked as applied before the run
 * @param notes problems worth knowing that did not stop the run (e.g. line-ending-only checksum changes)
 * @param totalTimeMs how long the run took, lock wait included
 */
public record MigrateResult(@Nullable String initialVersion, @Nullable String currentVersion,
        List<MigrationExecution> applied, List<String> baselined, List<Problem> notes, long totalTimeMs) {

    /**
     * @return how many migrations were applied
     */
    public int appliedCount() {
        return applied.size();
    }
}
