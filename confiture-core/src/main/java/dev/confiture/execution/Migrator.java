package dev.confiture.execution;

import dev.confiture.api.CallbackEvent;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.MigrationListener;
import dev.confiture.api.Problem;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.config.OnFailure;
import dev.confiture.config.SafetyGate;
import dev.confiture.jdbc.EarlyConnection;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.jdbc.PreparedAcrossDdl;
import dev.confiture.jdbc.SearchPath;
import dev.confiture.lock.LockLostException;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.safety.Finding;
import dev.confiture.safety.SafetyAnalyzer;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.SchemaState;
import dev.confiture.state.StateAnalyzer;
import dev.confiture.state.TrackingSnapshot;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.RepeatableTable;
import dev.confiture.tracking.RunJournal;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrate and baseline operations: take the lock, make sure the tracking tables exist, read
 * the state, and apply (or mark) what is pending. With {@code on-failure=rollback-run}, a failed run
 * reverts what it applied.
 */
public final class Migrator {

    private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

    /** How long the startup check without the lock waits for a lock on a bookkeeping table before taking the lock. */
    private static final long PROBE_LOCK_TIMEOUT_MS = 1000;

    private final Bookkeeping bookkeeping;

    private final ConfitureConfiguration configuration;

    private final ScriptPlanner planner;

    /**
     * @param configuration the configuration
     * @param planner plans scripts (shared with status, so each file is parsed once)
     * @param trackingTable the tracking table
     * @param eventLog the event log
     */
    public Migrator(ConfitureConfiguration configuration, ScriptPlanner planner, TrackingTable trackingTable,
            EventLog eventLog) {
        this.bookkeeping = new Bookkeeping(configuration, trackingTable, eventLog);
        this.configuration = configuration;
        this.planner = planner;
    }

    Bookkeeping bookkeeping() {
        return bookkeeping;
    }

    ScriptPlanner planner() {
        return planner;
    }

    /**
     * Applies every pending migration up to the configured target, each in its own transaction.
     * @param discovered the migrations found
     * @return what was applied
     * @throws MigrationFailedException when a migration fails (the migrations before it stay applied,
     * unless on-failure is rollback-run)
     * @throws ConfitureException when validation finds errors, an approval is missing, the lock wait
     * runs out, or a file is bad
     */
    public MigrateResult migrate(DiscoveredMigrations discovered) {
        return migrate(discovered, configuration.dataSource());
    }

    /**
     * {@link #migrate(DiscoveredMigrations)}, the lock's session taken from {@code lockSource}.
     * @param discovered the migrations found
     * @param lockSource the configured data source, or one that hands out a connection opened early first
     * ({@link dev.confiture.jdbc.EarlyConnection})
     * @return what was applied
     */
    public MigrateResult migrate(DiscoveredMigrations discovered, javax.sql.DataSource lockSource) {
        return migrate(discovered, lockSource, null);
    }

    /**
     * {@link #migrate(DiscoveredMigrations)} on a connection opened early: the startup check's read of the
     * bookkeeping tables runs on that connection as soon as it is open, while the caller reads the migration files
     * ({@link EarlyConnection#firstUse}); on a cold start each takes about as long as the other.
     * @param discover reads the migration files
     * @param early the connection opened early
     * @return what was applied
     */
    public MigrateResult migrate(Supplier<DiscoveredMigrations> discover, EarlyConnection early) {
        CompletableFuture<@Nullable TrackingSnapshot> read = early.firstUse(this::readWithoutLock);
        DiscoveredMigrations discovered = discover.get();
        return migrate(discovered, early.dataSource(), read);
    }

    private MigrateResult migrate(DiscoveredMigrations discovered, javax.sql.DataSource lockSource,
            @Nullable CompletableFuture<@Nullable TrackingSnapshot> earlyRead) {
        long start = System.nanoTime();
        Problem.refuse(discovered.problems());
        Callbacks callbacks = new Callbacks(discovered, configuration, planner);
        if (!callbacks.isEmpty() || configuration.baseline().onMigrate()) {
            return migrateLocked(discovered, lockSource, callbacks, start);
        }
        Connection probe;
        try {
            // an early connection is handed out once its read (earlyRead) is done
            probe = lockSource.getConnection();
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("migrate", ex);
        }
        try (EarlyConnection handOver = EarlyConnection.of(probe, lockSource)) {
            TrackingSnapshot snapshot = (earlyRead != null) ? earlyResult(earlyRead) : readWithoutLock(probe);
            SchemaState state = (snapshot != null) ? StateAnalyzer.analyze(discovered, snapshot, configuration) : null;
            MigrateResult upToDate = (state != null) ? upToDate(state, start) : null;
            if (upToDate != null) {
                return upToDate;
            }
            // what the read found unapplied (everything, without tracking tables) is planned while the run takes the
            // lock; a guess (the run decides under the lock what it applies), so it neither validates nor logs
            List<ResolvedMigration> likelyPending = (state == null) ? discovered.migrations()
                    : state.unapplied().stream().map(MigrationEntry::migration).filter(Objects::nonNull).toList();
            try (PlansAhead ahead = PlansAhead.start(planner, likelyPending)) {
                // the connection that read the state becomes the lock session, unless the read found it broken
                return migrateLocked(discovered, isClosed(probe) ? lockSource : handOver.dataSource(), callbacks, start);
            }
        }
    }

    private static @Nullable TrackingSnapshot earlyResult(CompletableFuture<@Nullable TrackingSnapshot> read) {
        try {
            return read.join();
        }
        catch (CompletionException ex) {
            // what the read threw (a tracking table found elsewhere, say), as reading on this thread throws it
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        }
        catch (SQLException ex) {
            return true;
        }
    }

    /**
     * The startup check's read, without the lock: the bookkeeping tables' state, when they exist as a run leaves
     * them.
     * <p>Every read sees one snapshot (a {@code REPEATABLE READ} transaction): a down that commits between the read
     * of the tracking rows and that of the event log would otherwise leave its row counted and its open attempt
     * unseen. A bookkeeping table locked by another session (a {@code clean}), a server timeout or any other failure
     * of the reads sends the caller to the lock, where the run reads again and waits for the table as it always did
     * (a connection the failure broke is not handed over). Leaves the connection in autocommit, without a
     * transaction.
     * @return the state read, or {@code null} when the tables are missing or not current, or the read failed
     */
    private @Nullable TrackingSnapshot readWithoutLock(Connection connection) {
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL lock_timeout = '"
                        + Math.max(1, Math.min(PROBE_LOCK_TIMEOUT_MS, configuration.timeouts().lockWait().toMillis()))
                        + "ms'");
            }
            if (!bookkeeping.trackingTable().isCurrent(connection) || !bookkeeping.eventLog().exists(connection)) {
                return null;
            }
            return bookkeeping.readSnapshot(connection);
        }
        catch (SQLException ex) {
            logger.debug("The startup check could not read the state without the lock; taking the lock", ex);
            return null;
        }
        finally {
            Jdbc.rollbackQuietly(connection);
            Jdbc.restoreAutoCommit(connection);
        }
    }

    /**
     * The startup check without the lock: when every known migration has its row with its checksum, and the state
     * has no error (an attempt still open, a down running, a rollback owed, a changed file are errors or pending) and
     * nothing held, there is nothing a run under the lock would do (it would read the same, then release the lock). A
     * migrator working meanwhile only ever adds what this read would have counted as pending, which sends the caller
     * to the lock. Saves a service's start the second connection, the lock and the check for running attempts (a fifth
     * of a cold {@code migrate()}, benchmark P8).
     * @return the result, or {@code null} when anything is to do or to look at (the caller then runs under the lock)
     */
    private @Nullable MigrateResult upToDate(SchemaState state, long start) {
        if (!state.errors().isEmpty() || !state.held().isEmpty() || !state.repeatablesToApply().isEmpty()
                || !state.toApply(configuration.target(), configuration.outOfOrder()).isEmpty()) {
            return null;
        }
        String current = state.current().map(MigrationVersion::text).orElse(null);
        logger.info("Schema {} is up to date at version {}", configuration.trackingTable().schema(), current);
        return new MigrateResult(current, current, List.of(), List.of(), notes(state), Elapsed.millisSince(start),
                List.of(), List.of());
    }

    private MigrateResult migrateLocked(DiscoveredMigrations discovered, javax.sql.DataSource lockSource,
            Callbacks callbacks, long start) {
        try (MigrationLock lock = bookkeeping.lock(lockSource)) {
            Connection connection = lock.connection();
            bookkeeping.prepareTables(connection);
            SchemaState state = bookkeeping.readState(connection, discovered);
            List<String> baselined = List.of();
            if (configuration.baseline().onMigrate() && state.nothingApplied() && schemaHasOtherTables(connection)) {
                MigrationVersion through = Objects.requireNonNull(configuration.baseline().version());
                logger.info("{} has tables but no applied migrations: baselining through {}",
                        configuration.trackingTable().schema(), through);
                baselined = markApplied(lock, state, through, bookkeeping.journal());
                state = bookkeeping.readState(connection, discovered);
            }
            if (configuration.validateOnMigrate()) {
                Problem.refuse(state.errors().stream()
                        .filter(problem -> problem.code() != ErrorCode.FAILED_MIGRATION).toList());
            }
            String initial = state.current().map(MigrationVersion::text).orElse(null);
            List<MigrationEntry> pending = state.toApply(configuration.target(), configuration.outOfOrder());
            List<String> held = new ArrayList<>(state.held().stream().map(MigrationEntry::slug).toList());
            // repeatable migrations run after every versioned one, and may use what a held one creates: they wait too
            List<RepeatableMigration> repeatables = held.isEmpty() ? state.repeatablesToApply() : List.of();
            if (!held.isEmpty()) {
                state.repeatablesToApply().forEach(repeatable -> held.add(repeatable.slug()));
                logger.info("Holding {}: {}", String.join(", ", held), state.notes().stream()
                        .filter(note -> note.code() == ErrorCode.CONTRACT_HELD).map(Problem::message).findFirst()
                        .orElse("older builds are live"));
            }
            if (pending.isEmpty() && repeatables.isEmpty() && callbacks.isEmpty()) {
                logger.info("Schema {} is up to date at version {}{}", configuration.trackingTable().schema(), initial,
                        held.isEmpty() ? "" : " (" + held.size() + " held)");
                return new MigrateResult(initial, initial, List.of(), baselined, notes(state), Elapsed.millisSince(start),
                        List.of(), held);
            }
            Approvals.refuseUnapproved(configuration, pending, "Nothing was applied");
            if (configuration.onFailure() == OnFailure.ROLLBACK_RUN) {
                Reverter.requireDowns(pending.stream().map(MigrationEntry::migration).map(Objects::requireNonNull).toList(),
                        "on-failure=rollback-run needs a down script for every migration the run may apply");
                pending.forEach(entry -> planner.planDown(Objects.requireNonNull(entry.migration())));
            }
            // a list, not a map: a record's hash would cover the whole migration, its script's text included
            List<Map.Entry<MigrationEntry, ExecutionPlan>> plans = new ArrayList<>(pending.size());
            pending.forEach(entry -> plans.add(Map.entry(entry, planner.plan(Objects.requireNonNull(entry.migration())))));
            // the safety gate, before anything runs: one analyzer for the run, the versioned migrations then the
            // repeatable ones; nothing is analysed when the gate never stops
            SafetyGate gate = configuration.safetyFailOn();
            SafetyAnalyzer safety = new SafetyAnalyzer();
            if (gate != SafetyGate.NEVER) {
                refuseIfBlocking(gate, plans.stream().flatMap(planned -> {
                    ResolvedMigration migration = Objects.requireNonNull(planned.getKey().migration());
                    return findings(safety, migration.slug(), migration.source(), planned.getValue(), migration.metadata());
                }).toList());
            }
            Map<RepeatableMigration, ExecutionPlan> repeatablePlans = new LinkedHashMap<>();
            repeatables.forEach(repeatable -> repeatablePlans.put(repeatable, planner.planRepeatable(repeatable)));
            if (gate != SafetyGate.NEVER) {
                refuseIfBlocking(gate, repeatablePlans.entrySet().stream().flatMap(planned -> findings(safety,
                        planned.getKey().slug(), planned.getKey().source(), planned.getValue(), planned.getKey().metadata()))
                        .toList());
            }
            List<MigrationExecution> applied = run(lock, plans, initial, repeatablePlans, callbacks, held);
            String current = applied.isEmpty() ? initial : applied.get(applied.size() - 1).version();
            return new MigrateResult(initial, current, applied, baselined, notes(state), Elapsed.millisSince(start),
                    repeatables.stream().map(RepeatableMigration::slug).toList(), held);
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("migrate", ex);
        }
    }

    /**
     * Marks every known migration up to and including {@code through} as applied without running it.
     * @param discovered the migrations found
     * @param through the baseline version; a migration with this version must exist
     * @return what was marked
     */
    public BaselineResult baseline(DiscoveredMigrations discovered, MigrationVersion through) {
        Problem.refuse(discovered.problems());
        if (discovered.find(through) == null) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "No migration has version " + through.text(),
                    "Baseline through one of the known versions: " + discovered.migrations().stream()
                            .map(migration -> migration.version().text()).collect(Collectors.joining(", ")));
        }
        try (MigrationLock lock = bookkeeping.lock()) {
            bookkeeping.prepareTables(lock.connection());
            SchemaState state = bookkeeping.readState(lock.connection(), discovered);
            return new BaselineResult(through.text(), markApplied(lock, state, through, bookkeeping.journal()));
        }
        catch (SQLException ex) {
            throw bookkeeping.databaseError("baseline", ex);
        }
    }

    /** The notes of the state, in the caller's words (their hints name settings). */
    private List<Problem> notes(SchemaState state) {
        return state.notes().stream().map(note -> note.inWords(configuration.wording())).toList();
    }

    private RepeatableTable repeatableTable() {
        return new RepeatableTable(configuration.repeatableTable());
    }

    private List<MigrationExecution> run(MigrationLock lock, List<Map.Entry<MigrationEntry, ExecutionPlan>> plans,
            @Nullable String initialVersion, Map<RepeatableMigration, ExecutionPlan> repeatables, Callbacks callbacks,
            List<String> held) throws SQLException {
        Connection connection = lock.connection();
        RunJournal journal = bookkeeping.journal();
        Instant startedAt = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pending", plans.size());
        if (!repeatables.isEmpty()) {
            details.put("repeatables", repeatables.keySet().stream().map(RepeatableMigration::slug).toList());
        }
        details.put("target", (configuration.target() != null) ? configuration.target().text() : null);
        details.put("on_failure", configuration.onFailure().name().toLowerCase(java.util.Locale.ROOT));
        journal.record(connection, journal.event(null, EventKind.RUN, EventStatus.STARTED, startedAt, null, null, details));
        List<MigrationExecution> applied = new ArrayList<>();
        List<ResolvedMigration> appliedMigrations = new ArrayList<>();
        // no code of the user's may run on the connection while the driver ignores DDL (PreparedAcrossDdl)
        boolean onlySql = callbacks.isEmpty() && plans.stream().allMatch(planned -> planned.getKey().migration() != null
                && planned.getKey().migration().java() == null);
        try (SearchPath searchPath = SearchPath.use(connection, configuration.searchPath());
                PreparedAcrossDdl prepared = onlySql ? PreparedAcrossDdl.keep(connection) : PreparedAcrossDdl.none()) {
            StepRunner steps = bookkeeping.stepRunner(lock, journal);
            // with no callback to observe each migration, the commits need not wait for the disk one by one
            DeferredDurability durability = DeferredDurability.start(connection, journal, callbacks.isEmpty()
                    && plans.stream().filter(planned -> planned.getValue().transactional()).count() >= 2);
            MigrationExecutor executor = new MigrationExecutor(configuration, bookkeeping.trackingTable(), steps,
                    durability.commitSql());
            try {
                callbacks.run(CallbackEvent.BEFORE_MIGRATE, steps, null);
                for (int index = 0; index < plans.size(); index++) {
                    Map.Entry<MigrationEntry, ExecutionPlan> planned = plans.get(index);
                    ResolvedMigration migration = Objects.requireNonNull(planned.getKey().migration());
                    if (olderBuildStarted(connection, migration)) {
                        // an older build started while this run was applying what came before: the hold still holds
                        plans.subList(index, plans.size()).forEach(entry -> held.add(entry.getKey().slug()));
                        repeatables.keySet().forEach(repeatable -> held.add(repeatable.slug()));
                        repeatables = Map.of();
                        break;
                    }
                    if (!planned.getValue().transactional() || !configuration.listeners().isEmpty()) {
                        // What committed before is reported before the next migration starts (and before the check
                        // for a stop request, which a listener told of them may make) when listeners follow the run
                        // (progress lines, metrics: they must not hear of a migration while the next one runs for an
                        // hour), and before a migration outside a transaction, which may run for hours and whose
                        // first event commits durably anyway. Without listeners the flushes stay batched.
                        durability.flush();
                    }
                    long start = System.nanoTime();
                    MigrationExecution execution;
                    Interruption.stopIfRequested(() -> migration.slug() + " (applied in this run: " + (applied.isEmpty() ? "none"
                            : applied.stream().map(MigrationExecution::slug).collect(Collectors.joining(", "))) + ")");
                    callbacks.run(CallbackEvent.BEFORE_EACH_MIGRATE, steps, migration.slug());
                    try {
                        execution = executor.apply(migration, planned.getValue(), planned.getKey().lastAttempt());
                    }
                    catch (MigrationFailedException ex) {
                        durability.flushAfterFailure();
                        throw failed(ex, start, steps, appliedMigrations, initialVersion, details);
                    }
                    catch (LockLostException ex) {
                        durability.flushAfterFailure();
                        throw new LockLostException(ex, "applied in this run: " + (applied.isEmpty() ? "none"
                                : applied.stream().map(MigrationExecution::slug).collect(Collectors.joining(", "))));
                    }
                    applied.add(execution);
                    appliedMigrations.add(migration);
                    durability.committed(() -> reportApplied(execution));
                    callbacks.run(CallbackEvent.AFTER_EACH_MIGRATE, steps, migration.slug());
                }
                durability.flush();
                applyRepeatables(executor, steps, repeatables, appliedMigrations, initialVersion, details, callbacks);
                callbacks.run(CallbackEvent.AFTER_MIGRATE, steps, null);
            }
            catch (RuntimeException | SQLException ex) {
                durability.flushAfterFailure();
                callbacks.runAfterError(CallbackEvent.AFTER_MIGRATE_ERROR, steps, ex);
                throw ex;
            }
        }
        catch (RuntimeException | SQLException ex) {
            // Whatever ended the run (a failed migration, a lost lock, a broken connection): the run's end is recorded.
            details.put("applied", applied.size());
            journal.recordQuietly(connection, journal.event(null, EventKind.RUN, EventStatus.FAILED, startedAt,
                    Instant.now(), ex.getMessage(), details));
            throw ex;
        }
        details.put("applied", applied.size());
        journal.recordQuietly(connection,
                journal.event(null, EventKind.RUN, EventStatus.SUCCEEDED, startedAt, Instant.now(), null, details));
        return applied;
    }

    /**
     * Whether a contract migration about to run must be held after all: an instance of a build that does not ship it
     * registered after the run read the state (read again on the run's connection, right before the migration).
     */
    private boolean olderBuildStarted(Connection connection, ResolvedMigration migration) throws SQLException {
        if (!configuration.instances().holdContract() || migration.metadata().phase() != dev.confiture.migration.Phase.CONTRACT) {
            return false;
        }
        List<dev.confiture.tracking.LiveInstance> older = dev.confiture.state.TrackingSnapshot.instanceTable(configuration)
                .live(connection).stream()
                .filter(instance -> !instance.ships(migration.version())).toList();
        if (older.isEmpty()) {
            return false;
        }
        logger.info("Holding {} and what follows: {} instance(s) of an older build registered during this run: {}",
                migration.slug(), older.size(), older.stream().map(instance -> instance.identity().slug())
                        .collect(Collectors.joining(", ")));
        return true;
    }

    /**
     * Applies the repeatable migrations that changed, in name order, after the versioned ones: each in one
     * transaction with its record. A failure fails the run as a versioned migration's does (with
     * {@code on-failure=rollback-run}, the run's versioned migrations are reverted).
     */
    private void applyRepeatables(MigrationExecutor executor, StepRunner steps,
            Map<RepeatableMigration, ExecutionPlan> repeatables, List<ResolvedMigration> appliedMigrations,
            @Nullable String initialVersion, Map<String, Object> details, Callbacks callbacks) throws SQLException {
        if (repeatables.isEmpty()) {
            return;
        }
        RepeatableTable table = repeatableTable();
        table.ensureExists(steps.connection());
        for (Map.Entry<RepeatableMigration, ExecutionPlan> planned : repeatables.entrySet()) {
            RepeatableMigration repeatable = planned.getKey();
            long start = System.nanoTime();
            Interruption.stopIfRequested(repeatable.slug());
            callbacks.run(CallbackEvent.BEFORE_EACH_MIGRATE, steps, repeatable.slug());
            try {
                long ms = executor.applyRepeatable(repeatable, planned.getValue(), table);
                logger.info("Applied repeatable migration {} in {} ms", repeatable.slug(), ms);
            }
            catch (MigrationFailedException ex) {
                throw failed(ex, start, steps, appliedMigrations, initialVersion, details);
            }
            callbacks.run(CallbackEvent.AFTER_EACH_MIGRATE, steps, repeatable.slug());
        }
    }

    /** The findings of one migration of the run (versioned or repeatable), those its file allows left out. */
    private static java.util.stream.Stream<Finding> findings(SafetyAnalyzer safety, String slug, String source,
            ExecutionPlan plan, dev.confiture.migration.MigrationMetadata metadata) {
        StreamedScript streamed = plan.streamed();
        if (streamed != null) {
            return safety.notAnalysed(slug, source, streamed.whyNotAnalysed(), metadata.allow()).findings().stream();
        }
        return safety.analyze(slug, source, plan.statements(), metadata.allow(),
                metadata.risk() == dev.confiture.migration.Risk.LOW).findings().stream();
    }

    /**
     * The safety gate: refuses, before anything runs, when the findings hold what
     * {@link ConfitureConfiguration#safetyFailOn()} stops on.
     */
    private void refuseIfBlocking(SafetyGate gate, List<Finding> findings) {
        List<Finding> blocking = findings.stream().filter(finding -> gate == SafetyGate.WARNING
                || finding.severity() == dev.confiture.api.Severity.ERROR).toList();
        if (!blocking.isEmpty()) {
            throw new ConfitureException(ErrorCode.UNSAFE_MIGRATION, "The zero-downtime analysis stops migrate in "
                    + "environment '" + configuration.environment() + "' (safety fail-on " + gate.value() + "): "
                    + blocking.stream().map(finding -> "[" + finding.rule().id() + "] " + finding.message() + " at "
                            + finding.location() + "; fix: " + finding.recipe()).collect(Collectors.joining(". "))
                    + ". Nothing ran", blocking.get(0).location(), "Follow each fix, allow a rule the file breaks on "
                            + "purpose (-- confiture: allow=RULE-ID), or change " + Setting.SAFETY_FAIL_ON.token(), null);
        }
    }

    /**
     * A migration of the run (versioned or repeatable) failed: the listeners hear it, and with
     * {@code on-failure=rollback-run} the run's migrations are reverted.
     * @return what the run throws
     */
    private MigrationFailedException failed(MigrationFailedException ex, long start, StepRunner steps,
            List<ResolvedMigration> appliedMigrations, @Nullable String initialVersion, Map<String, Object> details) {
        tellListeners(listener -> listener.migrationFailed(configuration.name(), ex, Elapsed.millisSince(start)));
        MigrationFailedException failure = (configuration.onFailure() == OnFailure.ROLLBACK_RUN)
                ? revertRun(steps, appliedMigrations, ex, initialVersion) : ex;
        details.put("rolled_back", failure.failure().rolledBack());
        details.put("rollback_pending", failure.failure().rollbackPending());
        return failure;
    }

    /**
     * Reverts, newest first, the migrations this run applied before it failed. All of them are first
     * recorded as rollback-pending, so a crash half way leaves a state status explains.
     */
    private MigrationFailedException revertRun(StepRunner steps, List<ResolvedMigration> appliedInRun,
            MigrationFailedException failure, @Nullable String initialVersion) {
        if (appliedInRun.isEmpty()) {
            return failure.withRollback(List.of(), List.of(), "Nothing else was applied in this run, so nothing was rolled back");
        }
        List<ResolvedMigration> newestFirst = new ArrayList<>(appliedInRun);
        java.util.Collections.reverse(newestFirst);
        Instant now = Instant.now();
        for (ResolvedMigration migration : newestFirst) {
            steps.recordQuietly(steps.event(migration, EventKind.ROLLBACK, EventStatus.PENDING, now, null, null,
                    Map.of("reason", "run failed at " + failure.failure().slug())));
        }
        Reverter reverter = new Reverter(bookkeeping, planner, steps);
        List<String> rolledBack = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            ResolvedMigration migration = newestFirst.get(i);
            try {
                reverter.revert(migration, migration.version().text(), null);
                logger.info("Rolled back {} after the run failed at {}", migration.slug(), failure.failure().slug());
                rolledBack.add(migration.slug());
            }
            catch (Reverter.RevertFailure ex) {
                List<String> pending = newestFirst.subList(i, newestFirst.size()).stream().map(ResolvedMigration::slug).toList();
                logger.error("Rolling back {} failed: {}", migration.slug(), ex.getMessage());
                return failure.withRollback(rolledBack, pending, "on-failure=rollback-run reverted " + describe(rolledBack)
                        + ", then the down of " + migration.slug() + " failed" + ex.ran()
                        + ((ex.error().location() != null) ? " (at " + ex.error().location() + ")" : "")
                        + ". Still applied and rollback-pending: " + String.join(", ", pending)
                        + ". Fix that down script and run "
                        + ((initialVersion != null) ? "down to version " + initialVersion : "down " + pending.size() + " step(s)")
                        + ", or keep them applied and run repair (" + Setting.REPAIR.token() + ")");
            }
        }
        return failure.withRollback(rolledBack, List.of(), "on-failure=rollback-run reverted " + describe(rolledBack)
                + ": the schema is as it was before the run");
    }

    private static String describe(List<String> slugs) {
        return slugs.isEmpty() ? "nothing" : String.join(", ", slugs);
    }

    private List<String> markApplied(MigrationLock lock, SchemaState state, MigrationVersion through, RunJournal journal)
            throws SQLException {
        Connection connection = lock.connection();
        List<ResolvedMigration> toMark = state.entries().stream()
                .filter(entry -> !entry.state().isApplied() && entry.migration() != null)
                .filter(entry -> entry.version().compareTo(through) <= 0)
                .map(MigrationEntry::migration).map(Objects::requireNonNull).toList();
        connection.setAutoCommit(false);
        try {
            for (ResolvedMigration migration : toMark) {
                bookkeeping.trackingTable().insert(connection, new TrackingTable.NewRow(migration.id(), migration.slug(),
                        migration.version().text(), migration.name(), null, migration.checksum(), configuration.events().appliedBy()));
                Instant now = Instant.now();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("baseline_version", through.text());
                details.put("checksum", migration.checksum());
                journal.record(connection, journal.event(migration, EventKind.BASELINE, EventStatus.SUCCEEDED, now, now,
                        null, details));
            }
            journal.commit(connection, lock.guardSql());
        }
        catch (SQLException | RuntimeException ex) {
            journal.rollBack(connection);
            LockLostException lost = lock.lostBy(ex, "the commit of the baseline");
            if (lost != null) {
                throw lost;
            }
            throw ex;
        }
        finally {
            connection.setAutoCommit(true);
        }
        List<String> slugs = toMark.stream().map(ResolvedMigration::slug).toList();
        logger.info("Baselined through {}: {}", through.text(), slugs);
        return slugs;
    }


    private boolean schemaHasOtherTables(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                + "AND NOT c.relname = ANY (?))")) {
            statement.setString(1, configuration.trackingTable().schema());
            // the instance table appears when an application instance first starts, before its first migrate
            statement.setArray(2, connection.createArrayOf("text", configuration.bookkeepingTables().stream()
                    .map(dev.confiture.tracking.TableName::table).toArray()));
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void reportApplied(MigrationExecution execution) {
        logger.info("Applied {} in {} ms{}", execution.slug(), execution.executionTimeMs(),
                execution.transactional() ? "" : " (statement by statement, without a transaction)");
        tellListeners(listener -> listener.migrationApplied(configuration.name(), execution));
    }

    private void tellListeners(Consumer<MigrationListener> call) {
        for (MigrationListener listener : configuration.listeners()) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("Migration listener {} failed; the migration is not affected", listener, ex);
            }
        }
    }
}
