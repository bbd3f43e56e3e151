package dev.confiture.execution;

import dev.confiture.ConfitureConfiguration;
import dev.confiture.ConfitureException;
import dev.confiture.ErrorCode;
import dev.confiture.Problem;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.MigrationState;
import dev.confiture.state.SchemaState;
import dev.confiture.state.StateAnalyzer;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrate and baseline operations: take the lock, make sure the tracking tables exist, read
 * the state, and apply (or mark) what is pending.
 */
public final class Migrator {

    private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    private final ScriptPlanner planner;

    /**
     * @param configuration the configuration
     * @param planner plans scripts (shared with status, so each file is parsed once)
     * @param trackingTable the tracking table
     * @param eventLog the event log
     */
    public Migrator(ConfitureConfiguration configuration, ScriptPlanner planner, TrackingTable trackingTable,
            EventLog eventLog) {
        this.configuration = configuration;
        this.trackingTable = trackingTable;
        this.eventLog = eventLog;
        this.planner = planner;
    }

    /**
     * Applies every pending migration up to the configured target, each in its own transaction.
     * @param discovered the migrations found
     * @return what was applied
     * @throws MigrationFailedException when a migration fails (the migrations before it stay applied)
     * @throws ConfitureException when validation finds errors, the lock wait runs out, or a file is bad
     */
    public MigrateResult migrate(DiscoveredMigrations discovered) {
        long start = System.nanoTime();
        refuseProblems(discovered.problems());
        try (MigrationLock lock = MigrationLock.acquire(configuration.dataSource(), configuration.trackingTable(),
                configuration.lockWait())) {
            Connection lockConnection = lock.connection();
            prepareTables(lockConnection);
            SchemaState state = readState(lockConnection, discovered);
            List<String> baselined = List.of();
            if (configuration.baselineOnMigrate() && state.nothingApplied() && schemaHasOtherTables(lockConnection)) {
                MigrationVersion through = Objects.requireNonNull(configuration.baselineVersion());
                logger.info("{} has tables but no applied migrations: baselining through {}",
                        configuration.trackingTable().schema(), through);
                baselined = markApplied(lockConnection, discovered, through, UUID.randomUUID());
                state = readState(lockConnection, discovered);
            }
            if (configuration.validateOnMigrate()) {
                refuseProblems(state.errors().stream()
                        .filter(problem -> problem.code() != ErrorCode.FAILED_MIGRATION).toList());
            }
            String initial = state.current().map(MigrationVersion::text).orElse(null);
            List<MigrationEntry> pending = selectPending(state);
            if (pending.isEmpty()) {
                logger.info("Schema {} is up to date at version {}", configuration.trackingTable().schema(), initial);
                return new MigrateResult(initial, initial, List.of(), baselined, state.notes(), elapsedMs(start));
            }
            Map<MigrationEntry, ExecutionPlan> plans = new LinkedHashMap<>();
            pending.forEach(entry -> plans.put(entry, planner.plan(Objects.requireNonNull(entry.migration()))));
            List<MigrationExecution> applied = run(lockConnection, plans);
            String current = applied.isEmpty() ? initial : applied.get(applied.size() - 1).version();
            return new MigrateResult(initial, current, applied, baselined, state.notes(), elapsedMs(start));
        }
        catch (SQLException ex) {
            throw databaseError("migrate", ex);
        }
    }

    /**
     * Marks every known migration up to and including {@code through} as applied without running it.
     * @param discovered the migrations found
     * @param through the baseline version; a migration with this version must exist
     * @return what was marked
     */
    public BaselineResult baseline(DiscoveredMigrations discovered, MigrationVersion through) {
        refuseProblems(discovered.problems());
        if (discovered.find(through) == null) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "No migration has version " + through.text(),
                    "Baseline through one of the known versions: " + knownVersions(discovered));
        }
        try (MigrationLock lock = MigrationLock.acquire(configuration.dataSource(), configuration.trackingTable(),
                configuration.lockWait())) {
            prepareTables(lock.connection());
            return new BaselineResult(through.text(),
                    markApplied(lock.connection(), discovered, through, UUID.randomUUID()));
        }
        catch (SQLException ex) {
            throw databaseError("baseline", ex);
        }
    }

    private List<MigrationExecution> run(Connection lockConnection, Map<MigrationEntry, ExecutionPlan> plans)
            throws SQLException {
        UUID runId = UUID.randomUUID();
        Instant startedAt = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pending", plans.size());
        details.put("target", (configuration.target() != null) ? configuration.target().text() : null);
        eventLog.append(lockConnection, runEvent(runId, EventStatus.STARTED, startedAt, null, null, details));
        List<MigrationExecution> applied = new ArrayList<>();
        try (Connection connection = configuration.dataSource().getConnection()) {
            MigrationExecutor executor = new MigrationExecutor(configuration, trackingTable, eventLog, lockConnection, runId);
            for (Map.Entry<MigrationEntry, ExecutionPlan> planned : plans.entrySet()) {
                MigrationEntry entry = planned.getKey();
                long start = System.nanoTime();
                MigrationExecution execution;
                try {
                    execution = executor.apply(connection, Objects.requireNonNull(entry.migration()),
                            planned.getValue(), entry.lastAttempt());
                }
                catch (MigrationFailedException ex) {
                    tellListeners(listener -> listener.migrationFailed(ex, elapsedMs(start)));
                    throw ex;
                }
                logger.info("Applied {} in {} ms{}", execution.slug(), execution.executionTimeMs(),
                        execution.transactional() ? "" : " (statement by statement, without a transaction)");
                applied.add(execution);
                tellListeners(listener -> listener.migrationApplied(execution));
            }
        }
        catch (MigrationFailedException ex) {
            details.put("applied", applied.size());
            appendRunEnd(lockConnection, runId, EventStatus.FAILED, startedAt, ex.getMessage(), details);
            throw ex;
        }
        details.put("applied", applied.size());
        appendRunEnd(lockConnection, runId, EventStatus.SUCCEEDED, startedAt, null, details);
        return applied;
    }

    private List<String> markApplied(Connection connection, DiscoveredMigrations discovered, MigrationVersion through,
            UUID runId) throws SQLException {
        SchemaState state = readState(connection, discovered);
        List<ResolvedMigration> toMark = state.entries().stream()
                .filter(entry -> !entry.state().isApplied() && entry.migration() != null)
                .filter(entry -> entry.version().compareTo(through) <= 0)
                .map(MigrationEntry::migration).map(Objects::requireNonNull).toList();
        connection.setAutoCommit(false);
        try {
            for (ResolvedMigration migration : toMark) {
                trackingTable.insert(connection, new TrackingTable.NewRow(migration.id(), migration.slug(),
                        migration.version().text(), migration.name(), null, migration.checksum(),
                        configuration.appliedBy()));
                Instant now = Instant.now();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("baseline_version", through.text());
                details.put("checksum", migration.checksum());
                eventLog.append(connection, new MigrationEvent(UUID.randomUUID(), runId, migration.id(),
                        migration.version().text(), migration.slug(), EventKind.BASELINE, EventStatus.SUCCEEDED, now, now,
                        0L, null, details));
            }
            connection.commit();
        }
        catch (SQLException | RuntimeException ex) {
            connection.rollback();
            throw ex;
        }
        finally {
            connection.setAutoCommit(true);
        }
        List<String> slugs = toMark.stream().map(ResolvedMigration::slug).toList();
        logger.info("Baselined through {}: {}", through.text(), slugs);
        return slugs;
    }

    private List<MigrationEntry> selectPending(SchemaState state) {
        MigrationVersion target = configuration.target();
        if (target != null && state.entries().stream().noneMatch(entry -> entry.version().equals(target))) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "The target version " + target.text()
                    + " is not a known migration", "Set confiture.target to one of: " + state.entries().stream()
                            .map(entry -> entry.version().text()).collect(Collectors.joining(", ")));
        }
        List<MigrationEntry> pending = new ArrayList<>();
        for (MigrationEntry entry : state.unapplied()) {
            if (target != null && entry.version().compareTo(target) > 0) {
                continue;
            }
            if (entry.state() == MigrationState.OUT_OF_ORDER && !configuration.outOfOrder()) {
                logger.warn("Skipping {}: it is older than the newest applied migration (set confiture.out-of-order=true "
                        + "to apply it)", entry.slug());
                continue;
            }
            pending.add(entry);
        }
        return pending;
    }

    private SchemaState readState(Connection connection, DiscoveredMigrations discovered) throws SQLException {
        return StateAnalyzer.analyze(discovered, trackingTable.read(connection), eventLog.lastAttempts(connection),
                configuration.outOfOrder());
    }

    private void prepareTables(Connection connection) throws SQLException {
        trackingTable.ensureExists(connection);
        eventLog.ensureExists(connection);
    }

    private boolean schemaHasOtherTables(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                + "AND c.relname NOT IN (?, ?))")) {
            statement.setString(1, configuration.trackingTable().schema());
            statement.setString(2, configuration.trackingTable().table());
            statement.setString(3, configuration.eventTable().table());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void appendRunEnd(Connection lockConnection, UUID runId, EventStatus status, Instant startedAt,
            @Nullable String error, Map<String, Object> details) {
        try {
            eventLog.append(lockConnection, runEvent(runId, status, startedAt, Instant.now(), error, details));
        }
        catch (SQLException ex) {
            logger.warn("Could not record the end of the run in {}: {}", eventLog.name().display(), ex.getMessage());
        }
    }

    private void tellListeners(java.util.function.Consumer<MigrationListener> call) {
        for (MigrationListener listener : configuration.listeners()) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("Migration listener {} failed; the migration is not affected", listener, ex);
            }
        }
    }

    private static MigrationEvent runEvent(UUID runId, EventStatus status, Instant startedAt, @Nullable Instant finishedAt,
            @Nullable String error, Map<String, Object> details) {
        Long duration = (finishedAt != null) ? Duration.between(startedAt, finishedAt).toMillis() : null;
        return new MigrationEvent(UUID.randomUUID(), runId, null, null, null, EventKind.RUN, status, startedAt, finishedAt,
                duration, error, new LinkedHashMap<>(details));
    }

    private static void refuseProblems(List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        Problem first = problems.get(0);
        if (problems.size() == 1) {
            throw first.toException();
        }
        String all = problems.stream().map(problem -> "[" + problem.code() + "] " + problem.message()
                + ((problem.hint() != null) ? ". " + problem.hint() : "")).collect(Collectors.joining("\n  - ", "\n  - ", ""));
        throw new ConfitureException(first.code(), problems.size() + " problems stop this operation:" + all,
                first.location(), null, null);
    }

    private static String knownVersions(DiscoveredMigrations discovered) {
        return discovered.migrations().stream().map(migration -> migration.version().text())
                .collect(Collectors.joining(", "));
    }

    private ConfitureException databaseError(String operation, SQLException ex) {
        return new ConfitureException(ErrorCode.DATABASE_ERROR, "The database failed during " + operation + " of "
                + configuration.trackingTable().display() + ": " + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")",
                null, "Check that the database is reachable and that the user may create and write the tracking tables",
                ex);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
