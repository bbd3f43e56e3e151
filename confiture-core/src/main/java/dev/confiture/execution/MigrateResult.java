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
 * @param repeatables the repeatable migrations applied after them ({@code R__{name}}), in name order
 * @param held the migrations not applied because a {@code phase=contract} migration is held while an instance of an
 * older build is live (the contract migration first, then those after it); {@code notes} says which instances
 */
public record MigrateResult(@Nullable String initialVersion, @Nullable String currentVersion,
        List<MigrationExecution> applied, List<String> baselined, List<Problem> notes, long totalTimeMs,
        List<String> repeatables, List<String> held) {

    /**
     * Copies the lists.
     */
    public MigrateResult {
        applied = List.copyOf(applied);
        baselined = List.copyOf(baselined);
        notes = List.copyOf(notes);
        repeatables = List.copyOf(repeatables);
        held = List.copyOf(held);
    }

    /**
     * A run without repeatable migrations.
     * @param initialVersion the newest applied version before the run
     * @param currentVersion the newest applied version after the run
     * @param applied the migrations applied
     * @param baselined versions marked as applied before the run
     * @param notes problems worth knowing
     * @param totalTimeMs how long the run took
     */
    public MigrateResult(@Nullable String initialVersion, @Nullable String currentVersion,
            List<MigrationExecution> applied, List<String> baselined, List<Problem> notes, long totalTimeMs) {
        this(initialVersion, currentVersion, applied, baselined, notes, totalTimeMs, List.of(), List.of());
    }

    /**
     * @return how many migrations were applied
     */
    public int appliedCount() {
        return applied.size();
    }
}
