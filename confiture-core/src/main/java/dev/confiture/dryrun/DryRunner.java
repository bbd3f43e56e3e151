package dev.confiture.dryrun;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.SourceLocation;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.Approvals;
import dev.confiture.execution.ExecutionPlan;
import dev.confiture.execution.ScriptPlanner;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.SearchPath;
import dev.confiture.jdbc.ServerError;
import dev.confiture.jdbc.SessionState;
import dev.confiture.jdbc.TimeoutSettings;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.Migration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.sql.SqlStatement;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.SchemaState;
import dev.confiture.state.StateAnalyzer;
import dev.confiture.state.TrackingSnapshot;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.RunJournal;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dry run: executes every migration migrate would apply, inside one transaction that is always
 * rolled back, and reports for each its real execution time, the locks it took and its statements.
 *
 * <p>How it runs:
 * <ul>
 * <li>It refuses, as migrate does, when reading the migrations found problems, when validation finds
 * errors (with {@code validateOnMigrate}), or when the target is not a known version.</li>
 * <li>It holds the migration lock for the whole dry run, so no real migration runs in between. It
 * never creates the tracking table or the event log: without them, every migration is pending.</li>
 * <li>It selects what migrate would apply: pending and failed migrations, out-of-order ones only with
 * {@code outOfOrder}, up to the configured target.</li>
 * <li>All of them run in <em>one</em> transaction on a connection of their own, in order, so each
 * sees what the ones before it did. Each runs with its own {@code lock_timeout} and
 * {@code statement_timeout} (set with {@code SET LOCAL} semantics), and its statements are sent one
 * by one exactly as migrate sends them.</li>
 * <li>A migration that cannot run inside a transaction ({@code CREATE INDEX CONCURRENTLY},
 * {@code transactional=false}, ...) is not executed: it is reported
 * {@link DryRunOutcome#NOT_DRY_RUNNABLE} with the reason, and the dry run goes on. Later migrations do
 * not see its changes, so one of them may fail here although it would not fail in migrate; the error
 * then says so.</li>
 * <li>The first failing migration is reported {@link DryRunOutcome#FAILED} with the server's message,
 * SQLSTATE and the file, line and column; the ones after it are {@link DryRunOutcome#SKIPPED}. A
 * {@code lock_timeout} is a failure here: migrate would retry it, the dry run does not.</li>
 * <li>The transaction is rolled back at the end, whatever happened. No migration is applied and no
 * tracking row is written. When the event log already exists, the dry run is one
 * {@link EventKind#DRY_RUN} row in it.</li>
 * </ul>
 *
 * <p>What a rollback cannot undo:
 * <ul>
 * <li><b>Sequence values</b> the migrations consume ({@code nextval}, inserts into serial or identity
 * columns of existing tables) stay consumed: PostgreSQL never rolls sequences back. Nothing else the
 * migrations do outlives the rollback, except effects outside the database that a Java migration may
 * have, and session state that is not transactional ({@code PREPARE}, session advisory locks).</li>
 * <li>A Java migration that commits by itself (or switches autocommit on) defeats the dry run: that
 * is detected and reported as a failure, but what was committed stays committed.</li>
 * </ul>
 *
 * <p>Locks: the transaction keeps every lock until the rollback, so the locks of all migrations are
 * held together until the dry run ends, and other sessions wait for them meanwhile. Run it where that
 * is acceptable. Each migration reports the locks it newly took: those held just before the rollback
 * point that were not held before it ran.
 *
 * <p>Not simulated: with {@code baselineOnMigrate}, migrate first baselines a schema that has tables
 * but no applied migrations; the dry run does not and executes every pending migration (it warns).
 */
public final class DryRunner {

    /** The reason given for migrations after a failed one. */
    public static final String SKIPPED_AFTER_FAILURE = "an earlier migration failed in the dry run";

    private static final Logger logger = LoggerFactory.getLogger(DryRunner.class);

    private final ConfitureConfiguration configuration;

    private final ScriptPlanner planner;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    /**
     * @param configuration the configuration
     * @param planner plans scripts (shared with migrate and status, so each file is parsed once)
     * @param trackingTable the tracking table (only read)
     * @param eventLog the event log (read, and appended to when it exists)
     */
    public DryRunner(ConfitureConfiguration configuration, ScriptPlanner planner, TrackingTable trackingTable,
            EventLog eventLog) {
        this.configuration = configuration;
        this.planner = planner;
        this.trackingTable = trackingTable;
        this.eventLog = eventLog;
    }

    /**
     * Executes every migration migrate would apply and rolls all of them back.
     * @param discovered the migrations found
     * @return one entry per migration migrate would apply, in order
     * @throws ConfitureException when reading the migrations found problems, validation finds errors,
     * the target is unknown, the lock wait runs out, or the database fails outside a migration
     */
    public DryRunResult dryRun(DiscoveredMigrations discovered) {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        Problem.refuse(discovered.problems());
        try (MigrationLock lock = MigrationLock.acquire(configuration.dataSource(), configuration.trackingTable(),
                configuration.timeouts().lockWait(), configuration.events().applicationName())) {
            Connection lockConnection = lock.connection();
            SchemaState state = StateAnalyzer.analyze(discovered,
                    TrackingSnapshot.read(lockConnection, trackingTable, eventLog, configuration), configuration);
            if (configuration.validateOnMigrate()) {
                Problem.refuse(state.errors().stream().filter(problem -> problem.code() != ErrorCode.FAILED_MIGRATION).toList());
            }
            List<MigrationEntry> selected = state.toApply(configuration.target(), configuration.outOfOrder());
            // the dry run executes them (their locks too) before it rolls back: the same gate as migrate
            Approvals.refuseUnapproved(configuration, selected, "The dry run ran nothing");
            if (configuration.baseline().onMigrate() && state.nothingApplied()) {
                logger.warn("baseline-on-migrate is set and no migration is applied: if {} already has tables, migrate "
                        + "would first baseline through {}; the dry run does not, and executes every pending migration",
                        configuration.trackingTable().schema(), configuration.baseline().version());
            }
            // what migrate would refuse before running anything, the dry run refuses too (it executes neither)
            discovered.repeatables().forEach(planner::planRepeatable);
            discovered.callbacks().forEach(planner::planCallback);
            List<Candidate> candidates = new ArrayList<>();
            for (MigrationEntry entry : selected) {
                ResolvedMigration migration = Objects.requireNonNull(entry.migration());
                candidates.add(new Candidate(migration, planner.plan(migration)));
            }
            RunJournal journal = new RunJournal(eventLog, configuration.dataSource());
            List<DryRunMigration> migrations;
            try {
                migrations = execute(lockConnection, candidates);
            }
            catch (SQLException | RuntimeException ex) {
                record(lockConnection, journal, startedAt, EventStatus.FAILED, "The dry run stopped: " + ex.getMessage(),
                        details(List.of(), selected.size()));
                throw ex;
            }
            DryRunResult result = new DryRunResult(migrations, Elapsed.millisSince(start));
            if (migrations.isEmpty()) {
                logger.info("Dry run: nothing is pending in schema {}", configuration.trackingTable().schema());
            }
            else {
                logger.info("Dry run of {} migration(s) finished in {} ms ({}); its transaction was rolled back",
                        migrations.size(), result.totalTimeMs(), counts(migrations).entrySet().stream()
                                .map(count -> count.getValue() + " " + count.getKey().value().replace('_', ' '))
                                .collect(Collectors.joining(", ")));
            }
            record(lockConnection, journal, startedAt, result.succeeded() ? EventStatus.SUCCEEDED : EventStatus.FAILED,
                    firstError(migrations), details(migrations, migrations.size()));
            return result;
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "The database failed during the dry run against "
                    + configuration.trackingTable().display() + ": " + ex.getMessage() + " (SQLSTATE " + ex.getSQLState()
                    + ")", null, "Check that the database is reachable; nothing was applied", ex);
        }
    }

    private List<DryRunMigration> execute(Connection connection, List<Candidate> candidates) throws SQLException {
        List<DryRunMigration> results = new ArrayList<>();
        if (candidates.isEmpty()) {
            return results;
        }
        try (SearchPath searchPath = SearchPath.use(connection, configuration.searchPath())) {
            SessionState session = SessionState.capture(connection);
            connection.setAutoCommit(false);
            try {
                List<String> notExecuted = new ArrayList<>();
                boolean failed = false;
                for (Candidate candidate : candidates) {
                    DryRunMigration result;
                    if (failed) {
                        result = notExecuted(candidate, DryRunOutcome.SKIPPED, SKIPPED_AFTER_FAILURE);
                    }
                    else if (!candidate.plan().transactional()) {
                        result = notExecuted(candidate, DryRunOutcome.NOT_DRY_RUNNABLE,
                                Objects.requireNonNullElse(candidate.plan().nonTransactionalReason(),
                                        "it cannot run inside a transaction"));
                        notExecuted.add(candidate.migration().slug());
                    }
                    else {
                        result = run(connection, candidate, session, notExecuted);
                        failed = result.outcome() == DryRunOutcome.FAILED;
                    }
                    log(result);
                    results.add(result);
                }
            }
            finally {
                rollBack(connection);
            }
        }
        return results;
    }

    private DryRunMigration run(Connection connection, Candidate candidate, SessionState session,
            List<String> notExecuted) throws SQLException {
        ResolvedMigration migration = candidate.migration();
        Map<String, HeldLock> before = HeldLocks.read(connection);
        // Every migration starts from the session the run found, as in migrate (inside the transaction the dry run
        // rolls back), with its own timeouts for this transaction.
        session.restore(connection);
        Jdbc.applyTimeouts(connection, TimeoutSettings.of(configuration, migration.metadata()), true);
        @Nullable SqlStatement current = null;
        long start = System.nanoTime();
        try {
            Migration java = migration.java();
            if (java != null) {
                runJava(connection, java);
            }
            else if (candidate.plan().streamed() != null) {
                try (var statements = candidate.plan().streamed().open()) {
                    for (SqlStatement statement = statements.next(); statement != null; statement = statements.next()) {
                        current = statement;
                        Jdbc.execute(connection, statement);
                        current = null;
                    }
                }
            }
            else {
                for (SqlStatement statement : candidate.plan().statements()) {
                    current = statement;
                    Jdbc.execute(connection, statement);
                }
                current = null;
            }
        }
        catch (Exception ex) {
            long elapsedMs = Elapsed.millisSince(start);
            ServerError failure = ServerError.of(ex, current, migration.source());
            String error = failure.describe();
            if (!notExecuted.isEmpty()) {
                error += "; note: " + String.join(", ", notExecuted) + " could not be dry-run (not dry-runnable), so "
                        + "their changes are missing in the dry run";
            }
            return result(candidate, DryRunOutcome.FAILED, null, elapsedMs, List.of(), error, failure.location());
        }
        long elapsedMs = Elapsed.millisSince(start);
        List<HeldLock> locks = HeldLocks.newlyTaken(before, HeldLocks.read(connection));
        return result(candidate, DryRunOutcome.ROLLED_BACK, null, elapsedMs, locks, null, null);
    }

    /**
     * Runs a Java migration and checks that it left the dry run's transaction open: a migration that
     * commits (or switches autocommit on) would make its changes permanent.
     */
    private static void runJava(Connection connection, Migration java) throws Exception {
        String transaction = transactionId(connection);
        java.up(connection);
        if (connection.getAutoCommit() || !transaction.equals(transactionId(connection))) {
            throw new IllegalStateException("the Java migration ended the dry run's transaction (it committed or "
                    + "switched autocommit on): what it and the migrations before it did may have been committed");
        }
    }

    private static String transactionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_catalog.pg_current_xact_id()::text")) {
            result.next();
            return result.getString(1);
        }
    }

    private static void rollBack(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
        catch (SQLException ex) {
            logger.warn("Could not roll back the dry run's transaction ({}); closing its connection ends it without "
                    + "committing", ex.getMessage());
        }
        try {
            connection.setAutoCommit(true);
        }
        catch (SQLException ex) {
            logger.debug("Could not restore autocommit; the connection is probably broken", ex);
        }
    }

    private void record(Connection lockConnection, RunJournal journal, Instant startedAt, EventStatus status,
            @Nullable String error, Map<String, Object> details) {
        try {
            if (!eventTableExists(lockConnection)) {
                logger.debug("{} does not exist: the dry run is not recorded (it creates nothing)",
                        configuration.eventTable().display());
                return;
            }
            journal.record(lockConnection, journal.event(null, EventKind.DRY_RUN, status, startedAt, Instant.now(), error,
                    details));
        }
        catch (SQLException ex) {
            logger.warn("Could not record the dry run in {}: {}", configuration.eventTable().display(), ex.getMessage());
        }
    }

    private boolean eventTableExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            statement.setString(1, configuration.eventTable().sql());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private Map<String, Object> details(List<DryRunMigration> migrations, int selected) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("total", selected);
        counts(migrations).forEach((outcome, count) -> details.put(outcome.value(), count));
        details.put("target", (configuration.target() != null) ? configuration.target().text() : null);
        List<Map<String, Object>> perMigration = new ArrayList<>();
        for (DryRunMigration migration : migrations) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("migration_id", migration.id().toString());
            entry.put("version", migration.version());
            entry.put("slug", migration.slug());
            entry.put("outcome", migration.outcome().value());
            entry.put("execution_time_ms", migration.executionTimeMs());
            perMigration.add(entry);
        }
        details.put("migrations", perMigration);
        return details;
    }

    private static Map<DryRunOutcome, Integer> counts(List<DryRunMigration> migrations) {
        Map<DryRunOutcome, Integer> counts = new EnumMap<>(DryRunOutcome.class);
        for (DryRunOutcome outcome : DryRunOutcome.values()) {
            counts.put(outcome, 0);
        }
        migrations.forEach(migration -> counts.merge(migration.outcome(), 1, Integer::sum));
        return counts;
    }

    private static @Nullable String firstError(List<DryRunMigration> migrations) {
        return migrations.stream().filter(migration -> migration.outcome() == DryRunOutcome.FAILED).findFirst()
                .map(migration -> migration.slug() + ((migration.errorLocation() != null)
                        ? " (" + migration.errorLocation() + ")" : "") + ": " + migration.error())
                .orElse(null);
    }

    private static void log(DryRunMigration result) {
        switch (result.outcome()) {
            case ROLLED_BACK -> logger.info("Dry run of {}: rolled back after {} ms; locks taken: {}", result.slug(),
                    result.executionTimeMs(), result.locks().isEmpty() ? "none" : result.locks());
            case NOT_DRY_RUNNABLE -> logger.info("Dry run of {}: not dry-runnable, because {}", result.slug(),
                    result.reason());
            case FAILED -> logger.info("Dry run of {}: failed after {} ms{}: {}", result.slug(), result.executionTimeMs(),
                    (result.errorLocation() != null) ? " at " + result.errorLocation() : "", result.error());
            case SKIPPED -> logger.info("Dry run of {}: skipped, because {}", result.slug(), result.reason());
        }
    }

    private static DryRunMigration notExecuted(Candidate candidate, DryRunOutcome outcome, String reason) {
        return result(candidate, outcome, reason, 0, List.of(), null, null);
    }

    private static DryRunMigration result(Candidate candidate, DryRunOutcome outcome, @Nullable String reason,
            long executionTimeMs, List<HeldLock> locks, @Nullable String error,
            @Nullable SourceLocation errorLocation) {
        ResolvedMigration migration = candidate.migration();
        return new DryRunMigration(migration.id(), migration.version().text(), migration.name(), migration.slug(),
                outcome, reason, executionTimeMs, locks,
                candidate.plan().statements().stream().map(SqlStatement::sql).toList(), error, errorLocation);
    }


    /** A migration to dry-run, with its plan. */
    private record Candidate(ResolvedMigration migration, ExecutionPlan plan) {
    }

    /** The session's own timeouts, for migrations whose settings leave the server's value. */
}
