package dev.confiture.status;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Wording;
import dev.confiture.execution.ScriptPlanner;
import dev.confiture.migration.MigrationIds;
import dev.confiture.migration.MigrationMetadata;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.safety.MigrationAnalysis;
import dev.confiture.safety.SafetyAnalyzer;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.MigrationState;
import dev.confiture.state.RepeatableEntry;
import dev.confiture.state.SchemaState;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.RepeatableTable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link SchemaState} into a {@link StatusReport}.
 */
public final class StatusReporter {

    private final ScriptPlanner planner;

    private final Wording wording;

    /**
     * @param planner plans scripts, to report whether each runs in a transaction
     * @param wording how problems name settings and operations
     */
    public StatusReporter(ScriptPlanner planner, Wording wording) {
        this.planner = planner;
        this.wording = wording;
    }

    /**
     * @param state the state
     * @param trackingTable the tracking table, {@code schema.table}
     * @param environment the environment
     * @return the report
     */
    public StatusReport report(SchemaState state, String trackingTable, String environment) {
        List<Problem> problems = new ArrayList<>(state.problems());
        List<MigrationStatus> migrations = new ArrayList<>();
        SafetyAnalyzer analyzer = new SafetyAnalyzer();
        for (MigrationEntry entry : state.entries()) {
            migrations.add(toStatus(entry, problems, analyzer));
        }
        List<MigrationStatus> pending = migrations.stream().filter(migration -> !migration.status().isApplied()
                && migration.status() != MigrationState.HELD).toList();
        List<String> held = migrations.stream().filter(migration -> migration.status() == MigrationState.HELD)
                .map(MigrationStatus::version).toList();
        List<String> applied = migrations.stream().filter(migration -> migration.status().isApplied())
                .map(MigrationStatus::version).toList();
        int failed = (int) migrations.stream().filter(migration -> migration.status() == MigrationState.FAILED).count();
        // An invalid file is never "up to date": a deploy gate reading that field must not pass a migration that
        // will never run.
        List<RepeatableStatus> repeatables = state.repeatables().stream().map(StatusReporter::toStatus).toList();
        int repeatablesToApply = (int) state.repeatables().stream().filter(RepeatableEntry::toApply).count();
        // repeatable migrations run after every versioned one: while versioned ones are held, they wait too
        int repeatablesPending = held.isEmpty() ? repeatablesToApply : 0;
        StatusSummary summary = new StatusSummary(applied.size(), pending.size() + repeatablesPending, failed,
                migrations.size(), pending.isEmpty() && repeatablesPending == 0
                        && problems.stream().noneMatch(Problem::isError), held.size() + repeatablesToApply - repeatablesPending);
        String current = state.current().map(version -> version.text()).orElse(null);
        return new StatusReport(StatusReport.FORMAT_VERSION, trackingTable, environment, current, migrations.size(),
                applied, pending.stream().map(MigrationStatus::version).toList(), summary, List.copyOf(migrations),
                pending, problems.stream().map(problem -> problem.inWords(wording)).toList(), hints(summary, problems),
                repeatables, held, LiveBuild.of(state.live()));
    }

    private static RepeatableStatus toStatus(RepeatableEntry entry) {
        RepeatableMigration file = entry.migration();
        RepeatableTable.AppliedRepeatable record = entry.applied();
        String slug = RepeatableMigration.PREFIX + entry.name();
        return new RepeatableStatus(MigrationIds.idOf(slug), slug, entry.name(), entry.state(),
                (file != null) ? file.checksum() : null, (record != null) ? record.checksum() : null,
                (record != null) ? record.appliedAt().toInstant().toString() : null);
    }

    private MigrationStatus toStatus(MigrationEntry entry, List<Problem> problems, SafetyAnalyzer analyzer) {
        ResolvedMigration migration = entry.migration();
        AppliedMigration row = entry.applied();
        MigrationMetadata metadata = (migration != null) ? migration.metadata() : MigrationMetadata.NONE;
        // an entry has a file, a row or both
        java.util.UUID id = (row != null) ? row.id() : java.util.Objects.requireNonNull(migration).id();
        String version = (migration != null) ? migration.version().text() : java.util.Objects.requireNonNull(row).version();
        return new MigrationStatus(id, (row != null) ? row.pk() : null,
                entry.slug(), version, entry.name(),
                entry.state(), (row != null) ? DateTimeFormatter.ISO_INSTANT.format(row.appliedAt().withOffsetSameInstant(
                        ZoneOffset.UTC)) : null,
                (row != null) ? row.executionTimeMs() : null, (row != null) ? row.appliedBy() : null,
                (migration != null && migration.checksum() != null) ? migration.checksum() : (row != null) ? row.checksum() : null,
                metadata.risk(), metadata.impact(),
                (metadata.durationEstimate() != null) ? metadata.durationEstimate().toString() : null,
                !metadata.approvalRequired() ? "not_required" : entry.approved() ? "approved" : "required",
                (migration != null) ? transactional(migration, problems) : null,
                migration != null && migration.reversible(),
                (migration != null && !entry.state().isApplied()) ? analysis(migration, analyzer) : null,
                metadata.phase());
    }

    /** A pending SQL migration's zero-downtime analysis, in the order migrate would apply them; none for Java. */
    private @Nullable MigrationAnalysis analysis(ResolvedMigration migration, SafetyAnalyzer analyzer) {
        if (migration.java() != null) {
            return null;
        }
        try {
            dev.confiture.execution.ExecutionPlan plan = planner.plan(migration);
            if (plan.streamed() != null) {
                return analyzer.notAnalysed(migration.slug(), migration.source(), plan.streamed().whyNotAnalysed(),
                        migration.metadata().allow());
            }
            return analyzer.analyze(migration.slug(), migration.source(), plan.statements(),
                    migration.metadata().allow(), migration.metadata().risk() == dev.confiture.migration.Risk.LOW);
        }
        catch (ConfitureException ex) {
            return null; // the file's problem is reported with the migration
        }
    }

    private @Nullable Boolean transactional(ResolvedMigration migration, List<Problem> problems) {
        problems.addAll(planner.downProblems(migration));
        try {
            return planner.plan(migration).transactional();
        }
        catch (ConfitureException ex) {
            problems.add(Problem.of(migration.version().text(), ex));
            return null;
        }
    }

    private static List<String> hints(StatusSummary summary, List<Problem> problems) {
        List<String> hints = new ArrayList<>();
        if (problems.stream().anyMatch(problem -> problem.isError() && problem.code() != ErrorCode.FAILED_MIGRATION)) {
            hints.add("Resolve the problems listed (each has a hint); migrate refuses to run while errors remain");
        }
        if (summary.failed() > 0) {
            hints.add(summary.failed() + " migration(s) failed: fix them and run migrate again");
        }
        if (summary.pending() > 0) {
            hints.add(summary.pending() + " migration(s) pending: run migrate");
        }
        if (summary.held() > 0) {
            hints.add(summary.held() + " migration(s) held until the instances of older builds stop (see the "
                    + "CONTRACT_HELD note); the first migrate after that applies them");
        }
        return hints;
    }
}
