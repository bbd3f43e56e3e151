package dev.confiture.execution;

import dev.confiture.api.CallbackEvent;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Setting;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.SearchPath;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.SchemaState;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.RunJournal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The down operation: reverts the newest applied migrations, newest version first, each with its
 * down script in one transaction together with the removal of its tracking row. Refuses before
 * changing anything when a needed down script is missing.
 */
public final class Downgrader {

    private static final Logger logger = LoggerFactory.getLogger(Downgrader.class);

    private final Bookkeeping bookkeeping;

    private final ScriptPlanner planner;

    /**
     * @param migrator the migrator whose configuration, tables and planner to share
     */
    public Downgrader(Migrator migrator) {
        this.bookkeeping = migrator.bookkeeping();
        this.planner = migrator.planner();
    }

    /**
     * @param discovered the migrations found
     * @param target how far to go
     * @return what was reverted
     * @throws RevertFailedException when a down fails: that migration stays applied and rollback-pending
     */
    public DownResult down(DiscoveredMigrations discovered, DownTarget target) {
        long start = System.nanoTime();
        Problem.refuse(discovered.problems());
        Callbacks callbacks = new Callbacks(discovered, bookkeeping.configuration(), planner);
        try (MigrationLock lock = bookkeeping.lock()) {
            Connection connection = lock.connection();
            bookkeeping.prepareTables(connection);
            SchemaState state = bookkeeping.readState(connection, discovered);
            List<MigrationEntry> toRevert = select(state, target);
            refuseMissingFiles(toRevert);
            List<ResolvedMigration> migrations = toRevert.stream().map(MigrationEntry::migration)
                    .map(java.util.Objects::requireNonNull).toList();
            Reverter.requireDowns(migrations, "down needs a down script for " + migrations.stream()
                    .map(ResolvedMigration::slug).collect(Collectors.joining(", ")));
            migrations.forEach(planner::planDown);
            return revertAll(lock, toRevert, start, state, callbacks);
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("down", ex);
        }
    }

    private DownResult revertAll(MigrationLock lock, List<MigrationEntry> toRevert, long start, SchemaState state,
            Callbacks callbacks) throws SQLException {
        Connection connection = lock.connection();
        RunJournal journal = bookkeeping.journal();
        Instant startedAt = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("direction", "down");
        details.put("to_revert", toRevert.stream().map(MigrationEntry::slug).toList());
        journal.recordQuietly(connection, journal.event(null, EventKind.RUN, EventStatus.STARTED, startedAt, null, null,
                details));
        List<RevertedMigration> reverted = new ArrayList<>();
        try (SearchPath searchPath = SearchPath.use(connection, bookkeeping.configuration().searchPath())) {
            Reverter reverter = bookkeeping.reverter(planner, lock, journal);
            try {
                callbacks.run(CallbackEvent.BEFORE_DOWN, reverter.steps(), null);
                for (MigrationEntry entry : toRevert) {
                    ResolvedMigration migration = java.util.Objects.requireNonNull(entry.migration());
                    Interruption.stopIfRequested(() -> "the down of " + migration.slug() + " (reverted in this run: "
                            + (reverted.isEmpty() ? "none" : reverted.stream().map(RevertedMigration::slug)
                                    .collect(java.util.stream.Collectors.joining(", "))) + ")");
                    callbacks.run(CallbackEvent.BEFORE_EACH_DOWN, reverter.steps(), migration.slug());
                    try {
                        RevertedMigration done = reverter.revert(migration,
                                java.util.Objects.requireNonNull(entry.applied()).version(), entry.lastAttempt());
                        logger.info("Reverted {} in {} ms", done.slug(), done.executionTimeMs());
                        reverted.add(done);
                    }
                    catch (Reverter.RevertFailure ex) {
                        List<String> revertedSlugs = reverted.stream().map(RevertedMigration::slug).toList();
                        throw new RevertFailedException(migration.id(), migration.version().text(), revertedSlugs,
                                "The down of " + migration.slug() + " failed" + ex.ran(), ex.error().location(),
                                migration.slug() + " stays applied and is rollback-pending"
                                        + (revertedSlugs.isEmpty() ? "" : " (reverted before it: " + String.join(", ", revertedSlugs) + ")")
                                        + ". Fix its down script and run down again, or keep it applied and run repair ("
                                        + Setting.REPAIR.token() + ")",
                                ex.getCause());
                    }
                    callbacks.run(CallbackEvent.AFTER_EACH_DOWN, reverter.steps(), migration.slug());
                }
                callbacks.run(CallbackEvent.AFTER_DOWN, reverter.steps(), null);
            }
            catch (RuntimeException ex) {
                callbacks.runAfterError(CallbackEvent.AFTER_DOWN_ERROR, reverter.steps(), ex);
                throw ex;
            }
        }
        catch (RuntimeException | SQLException ex) {
            // Whatever ended the run (a failed down, a lost lock, a broken connection): the run's end is recorded.
            details.put("reverted", reverted.stream().map(RevertedMigration::slug).toList());
            journal.recordQuietly(connection, journal.event(null, EventKind.RUN, EventStatus.FAILED, startedAt,
                    Instant.now(), ex.getMessage(), details));
            throw ex;
        }
        details.put("reverted", reverted.stream().map(RevertedMigration::slug).toList());
        journal.recordQuietly(connection,
                journal.event(null, EventKind.RUN, EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details));
        List<String> revertedVersions = reverted.stream().map(RevertedMigration::version).toList();
        String current = state.entries().stream().filter(entry -> entry.state().isApplied())
                .filter(entry -> !revertedVersions.contains(entry.version().text()))
                .map(entry -> entry.version().text()).reduce((first, second) -> second).orElse(null);
        return new DownResult(reverted, current, Elapsed.millisSince(start));
    }

    private static List<MigrationEntry> select(SchemaState state, DownTarget target) {
        List<MigrationEntry> applied = state.entries().stream().filter(entry -> entry.state().isApplied())
                .sorted(Comparator.comparing(MigrationEntry::version).reversed()).toList();
        if (target.version() == null) {
            if (target.steps() > applied.size()) {
                throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "down of " + target.steps()
                        + " step(s) was asked, but only " + applied.size() + " migration(s) are applied",
                        "Ask for at most " + applied.size() + " step(s); nothing was changed");
            }
            return applied.subList(0, target.steps());
        }
        MigrationVersion version = target.version();
        boolean known = version.value().signum() == 0
                || state.entries().stream().anyMatch(entry -> entry.version().equals(version));
        if (!known) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "down to version " + version.text()
                    + " was asked, but no migration has that version", "Name a known version (it stays applied), or 0 to "
                            + "revert everything; nothing was changed");
        }
        // 0 means "revert everything", a migration with version 0 included.
        return applied.stream().filter(entry -> version.value().signum() == 0 || entry.version().compareTo(version) > 0)
                .toList();
    }

    private static void refuseMissingFiles(List<MigrationEntry> toRevert) {
        List<String> missing = toRevert.stream().filter(entry -> entry.migration() == null).map(MigrationEntry::slug)
                .toList();
        if (!missing.isEmpty()) {
            throw new ConfitureException(ErrorCode.DOWN_MISSING, "down needs the files of " + String.join(", ", missing)
                    + ", which are applied but not found", "Restore their files (with their .down.sql) or check "
                            + Setting.LOCATIONS.token() + "; nothing was changed");
        }
    }
}
