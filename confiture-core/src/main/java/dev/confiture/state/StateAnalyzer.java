package dev.confiture.state;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.Checksums;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.Phase;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.LastAttempt;
import dev.confiture.tracking.LiveInstance;
import dev.confiture.tracking.RepeatableTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Joins the discovered migrations with the tracking rows and the last attempts into a
 * {@link SchemaState}. Pure: no I/O, so migrate, validate and status agree by construction.
 */
public final class StateAnalyzer {

    private StateAnalyzer() {
    }

    /**
     * @param discovered the migrations found (with their problems)
     * @param snapshot what the database records
     * @param configuration whether out-of-order pending migrations are allowed (a note, not an error), and whether a
     * {@code phase=contract} migration is held while an instance of an older build is live
     * @return the state
     */
    public static SchemaState analyze(DiscoveredMigrations discovered, TrackingSnapshot snapshot,
            ConfitureConfiguration configuration) {
        boolean outOfOrderAllowed = configuration.outOfOrder();
        boolean holdContract = configuration.instances().holdContract();
        List<AppliedMigration> appliedRows = snapshot.applied();
        Map<String, LastAttempt> openAttempts = snapshot.openAttempts();
        List<Problem> problems = new ArrayList<>(discovered.problems());
        TreeMap<MigrationVersion, AppliedMigration> applied = appliedByVersion(appliedRows, problems);
        TreeMap<MigrationVersion, ResolvedMigration> known = new TreeMap<>();
        discovered.migrations().forEach(migration -> known.put(migration.version(), migration));
        MigrationVersion newestApplied = applied.isEmpty() ? null : applied.lastKey();
        MigrationVersion newestKnown = known.isEmpty() ? null : known.lastKey();

        TreeMap<MigrationVersion, MigrationEntry> entries = new TreeMap<>();
        for (ResolvedMigration migration : known.values()) {
            AppliedMigration row = applied.get(migration.version());
            LastAttempt attempt = openAttempts.get(migration.version().text());
            MigrationState state = (row != null) ? appliedState(migration, row, attempt, problems)
                    : unappliedState(migration, attempt, newestApplied, outOfOrderAllowed, problems);
            boolean approved = migration.checksum() != null && snapshot.approvals()
                    .getOrDefault(migration.version().text(), Set.of()).contains(migration.checksum());
            entries.put(migration.version(), new MigrationEntry(migration.version(), migration, row, attempt, state,
                    approved));
        }
        for (Map.Entry<MigrationVersion, AppliedMigration> appliedEntry : applied.entrySet()) {
            MigrationVersion version = appliedEntry.getKey();
            AppliedMigration row = appliedEntry.getValue();
            if (!known.containsKey(version)) {
                boolean future = newestKnown == null || version.compareTo(newestKnown) > 0;
                problems.add(future ? missingFile(row, true).asNote() : missingFile(row, false));
                entries.put(version, new MigrationEntry(version, null, row, null, MigrationState.MISSING_FILE, false));
            }
        }
        MigrationVersion heldFrom = holdContract ? holdContract(entries, snapshot.live(), problems) : null;
        return new SchemaState(List.copyOf(entries.values()), List.copyOf(problems),
                repeatables(discovered.repeatables(), snapshot.repeatables()), snapshot.live(), heldFrom);
    }

    /**
     * Finds the first unapplied {@code phase=contract} migration that an instance of an older build still stands in the
     * way of (its build does not ship the contract migration, so its code may still use what it removes), and marks it
     * and the unapplied migrations after it held (a failed one too: its failure stays among the problems).
     * @return the held contract migration's version, or {@code null}
     */
    private static @Nullable MigrationVersion holdContract(TreeMap<MigrationVersion, MigrationEntry> entries,
            List<LiveInstance> live, List<Problem> problems) {
        MigrationEntry contract = entries.values().stream()
                .filter(entry -> !entry.state().isApplied() && entry.migration() != null
                        && entry.migration().metadata().phase() == Phase.CONTRACT
                        && live.stream().anyMatch(instance -> !instance.ships(entry.version())))
                .findFirst().orElse(null);
        if (contract == null) {
            return null;
        }
        List<LiveInstance> older = live.stream().filter(instance -> !instance.ships(contract.version())).toList();
        List<String> after = new ArrayList<>();
        for (MigrationEntry entry : entries.tailMap(contract.version(), true).values()) {
            if (!entry.state().isApplied() && entry.migration() != null) {
                entries.put(entry.version(), new MigrationEntry(entry.version(), entry.migration(), entry.applied(),
                        entry.lastAttempt(), MigrationState.HELD, entry.approved()));
            }
            if (!entry.state().isApplied() && entry != contract) {
                after.add(entry.slug());
            }
        }
        problems.add(new Problem(ErrorCode.CONTRACT_HELD, contract.version().text(), "Contract migration "
                + contract.slug() + (after.isEmpty() ? " is" : " (and " + String.join(", ", after) + " after it) are")
                + " held: " + older.size() + " live instance(s) of an older build may still use what it removes: "
                + older.stream().map(StateAnalyzer::describe).collect(java.util.stream.Collectors.joining("; ")),
                "Nothing to do: the first migrate after those instances stop (or miss their heartbeats for "
                        + "the expiry, " + Setting.INSTANCE_EXPIRE_AFTER.token() + ") applies it; to apply it now "
                        + "anyway, turn holding off (" + Setting.HOLD_CONTRACT.token() + ")", null).asNote());
        return contract.version();
    }

    private static String describe(LiveInstance instance) {
        LiveInstance.Identity identity = instance.identity();
        return identity.slug() + " (build " + Objects.toString(identity.buildVersion(), "unknown") + ", schema version "
                + Objects.toString(identity.schemaVersion(), "none") + ", last seen " + instance.lastSeenAt() + ")";
    }

    private static List<RepeatableEntry> repeatables(List<RepeatableMigration> files,
            Map<String, RepeatableTable.AppliedRepeatable> applied) {
        TreeMap<String, RepeatableEntry> entries = new TreeMap<>();
        for (RepeatableMigration file : files) {
            RepeatableTable.AppliedRepeatable record = applied.get(file.name());
            RepeatableEntry.State state = (record == null) ? RepeatableEntry.State.PENDING
                    : record.checksum().equals(file.checksum()) ? RepeatableEntry.State.APPLIED
                    : RepeatableEntry.State.OUTDATED;
            entries.put(file.name(), new RepeatableEntry(file.name(), state, file, record));
        }
        applied.forEach((name, record) -> entries.putIfAbsent(name,
                new RepeatableEntry(name, RepeatableEntry.State.MISSING, null, record)));
        return List.copyOf(entries.values());
    }

    private static TreeMap<MigrationVersion, AppliedMigration> appliedByVersion(List<AppliedMigration> rows,
            List<Problem> problems) {
        TreeMap<MigrationVersion, AppliedMigration> applied = new TreeMap<>();
        for (AppliedMigration row : rows) {
            try {
                applied.put(MigrationVersion.parse(row.version()), row);
            }
            catch (IllegalArgumentException ex) {
                problems.add(new Problem(ErrorCode.INVALID_TRACKING_TABLE, row.version(), "The tracking row '"
                        + row.slug() + "' has version '" + row.version() + "', which is not a number",
                        "Correct or delete that row: Confiture versions are digits only", null));
            }
        }
        return applied;
    }

    private static MigrationState appliedState(ResolvedMigration migration, AppliedMigration row,
            @Nullable LastAttempt attempt, List<Problem> problems) {
        if (attempt != null && attempt.rollbackPending()) {
            problems.add(new Problem(ErrorCode.ROLLBACK_PENDING, migration.version().text(), "Migration "
                    + migration.slug() + " is still applied but has to be reverted"
                    + ((attempt.error() != null) ? ": its down failed: " + attempt.error()
                            : (attempt.status() == EventStatus.STARTED) ? ": its down was interrupted after "
                                    + attempt.completedStatements() + " of " + attempt.statementCount() + " statement(s)"
                                    : " (a failed run decided so)"),
                    "Fix its down script and run down (" + Setting.DOWN.token() + ") to the version before it, or keep it applied and run repair ("
                            + Setting.REPAIR.token() + ")",
                    null));
            return MigrationState.ROLLBACK_PENDING;
        }
        String current = migration.checksum();
        String recorded = row.checksum();
        if (current == null || recorded == null || current.equalsIgnoreCase(recorded)) {
            return MigrationState.APPLIED;
        }
        if (migration.up() != null && sameExceptLineEndings(recorded, migration.up())) {
            problems.add(new Problem(ErrorCode.CHECKSUM_LINE_ENDINGS_ONLY, migration.version().text(), migration.source()
                    + " differs from the applied version of " + migration.slug()
                    + " only in line endings or byte order mark", "Nothing to do; commit the file with the line endings "
                    + "it was applied with (e.g. a .gitattributes rule) to silence this note", null).asNote());
            return MigrationState.APPLIED;
        }
        problems.add(new Problem(ErrorCode.CHECKSUM_MISMATCH, migration.version().text(), "Migration " + migration.slug()
                + " was applied with checksum " + recorded + ", but " + migration.source() + " now has checksum "
                + current, "Applied migrations must not change: restore the file as it was applied and put the change "
                + "in a new migration", null));
        return MigrationState.CHECKSUM_MISMATCH;
    }

    /** Whether the file differs only in line endings: a large file is read again as a stream, never held. */
    private static boolean sameExceptLineEndings(String recorded, dev.confiture.migration.ScriptFile up) {
        dev.confiture.migration.ScriptFile.Streamed streamed = up.streamed();
        if (streamed == null) {
            return Checksums.sameExceptLineEndings(recorded, up.bytes());
        }
        try (java.io.InputStream bytes = streamed.resource().open()) {
            return Checksums.sameExceptLineEndings(recorded, bytes);
        }
        catch (java.io.IOException ex) {
            return false; // then reported as the checksum mismatch it is
        }
    }

    private static MigrationState unappliedState(ResolvedMigration migration, @Nullable LastAttempt attempt,
            @Nullable MigrationVersion newestApplied, boolean outOfOrderAllowed, List<Problem> problems) {
        if (attempt != null && attempt.unfinished()) {
            problems.add(failed(migration, attempt));
            return MigrationState.FAILED;
        }
        if (newestApplied != null && migration.version().compareTo(newestApplied) < 0) {
            Problem problem = new Problem(ErrorCode.OUT_OF_ORDER, migration.version().text(), "Pending migration "
                    + migration.slug() + " is older than the newest applied migration " + newestApplied.text(),
                    outOfOrderAllowed ? "It will be applied because out-of-order is enabled"
                            : "Give it a version newer than " + newestApplied.text()
                                    + ", or enable out-of-order (" + Setting.OUT_OF_ORDER.token() + ") to apply it anyway", null);
            problems.add(outOfOrderAllowed ? problem.asNote() : problem);
            return MigrationState.OUT_OF_ORDER;
        }
        return MigrationState.PENDING;
    }

    private static Problem failed(ResolvedMigration migration, LastAttempt attempt) {
        boolean interrupted = attempt.status() == EventStatus.STARTED;
        StringBuilder message = new StringBuilder("Migration ").append(migration.slug());
        if (interrupted) {
            message.append(" was interrupted (its process stopped, or it is running right now)");
        }
        else {
            message.append(" failed");
            if (attempt.finishedAt() != null) {
                message.append(" at ").append(attempt.finishedAt());
            }
            message.append(": ").append(attempt.error());
        }
        String hint = interrupted ? "Run migrate again" : "Fix the migration and run migrate again";
        if (!attempt.transactional()) {
            int done = attempt.completedStatements();
            message.append("; ").append(done).append(" of ").append(attempt.statementCount())
                    .append(" statements completed and stay applied (it runs statement by statement)");
            hint = hint + ": it resumes after the statements that completed, which must stay in the file as they ran";
        }
        return new Problem(ErrorCode.FAILED_MIGRATION, migration.version().text(), message.toString(), hint, null);
    }

    private static Problem missingFile(AppliedMigration row, boolean future) {
        if (future) {
            return new Problem(ErrorCode.FUTURE_MIGRATION, row.version(), "Migration " + row.slug()
                    + " is applied but newer than every migration this application knows",
                    "Normal while an older version of the application runs beside a newer one; otherwise deploy the "
                            + "application that contains it", null);
        }
        return new Problem(ErrorCode.MISSING_FILE, row.version(), "Migration " + row.slug() + " is applied (at "
                + row.appliedAt() + ") but no file or Java migration has version " + row.version(),
                "Restore its file, or check " + Setting.LOCATIONS.token(), null);
    }
}
