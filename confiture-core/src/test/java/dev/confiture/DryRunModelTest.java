package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.dryrun.DryRunMigration;
import dev.confiture.dryrun.DryRunOutcome;
import dev.confiture.dryrun.DryRunResult;
import dev.confiture.dryrun.HeldLock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dry run's result records, without a database.
 */
class DryRunModelTest {

    @Test
    void onlyAFailedMigrationMakesTheDryRunFail() {
        DryRunResult clean = new DryRunResult(List.of(migration(DryRunOutcome.ROLLED_BACK),
                migration(DryRunOutcome.NOT_DRY_RUNNABLE)), 5);
        DryRunResult failed = new DryRunResult(List.of(migration(DryRunOutcome.FAILED), migration(DryRunOutcome.SKIPPED)), 5);

        assertThat(clean.succeeded()).isTrue();
        assertThat(failed.succeeded()).isFalse();
        assertThat(new DryRunResult(List.of(), 0).succeeded()).as("nothing pending").isTrue();
    }

    @Test
    void outcomesAreLowerCaseInJson() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(json.writeValueAsString(DryRunOutcome.NOT_DRY_RUNNABLE)).isEqualTo("\"not_dry_runnable\"");
        assertThat(json.writeValueAsString(migration(DryRunOutcome.ROLLED_BACK)))
                .contains("\"outcome\":\"rolled_back\"", "\"relation\":\"public.tb_user\"",
                        "\"mode\":\"AccessExclusiveLock\"");
    }

    @Test
    void theListsAreCopies() {
        List<String> statements = new ArrayList<>(List.of("SELECT 1"));
        DryRunMigration migration = new DryRunMigration(UUID.randomUUID(), "1", "a", "1_a", DryRunOutcome.ROLLED_BACK,
                null, 1, List.of(), statements, null, null);
        statements.add("SELECT 2");

        assertThat(migration.statements()).containsExactly("SELECT 1");
    }

    @Test
    void aLockReadsAsModeAndRelation() {
        assertThat(new HeldLock("relation", "public.tb_user", "AccessShareLock")).hasToString(
                "AccessShareLock on public.tb_user");
        assertThat(new HeldLock("advisory", null, "ExclusiveLock")).hasToString("ExclusiveLock (advisory)");
    }

    private static DryRunMigration migration(DryRunOutcome outcome) {
        return new DryRunMigration(UUID.randomUUID(), "002", "alter", "002_alter", outcome, null, 3,
                List.of(new HeldLock("relation", "public.tb_user", "AccessExclusiveLock")), List.of("ALTER TABLE tb_user"),
                null, null);
    }
}
