package dev.confiture;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Wording;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.dryrun.DryRunResult;
import dev.confiture.dryrun.DryRunner;
import dev.confiture.execution.ApprovalResult;
import dev.confiture.execution.BaselineResult;
import dev.confiture.execution.CleanResult;
import dev.confiture.execution.Cleaner;
import dev.confiture.execution.DownResult;
import dev.confiture.execution.DownTarget;
import dev.confiture.execution.Downgrader;
import dev.confiture.execution.MigrateResult;
import dev.confiture.execution.Migrator;
import dev.confiture.execution.RepairResult;
import dev.confiture.execution.Repairer;
import dev.confiture.execution.ScriptPlanner;
import dev.confiture.jdbc.EarlyConnection;
import dev.confiture.jdbc.SearchPath;
import dev.confiture.migration.CallbackScript;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.LocationScanner;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.migration.MigrationResource;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.safety.MigrationAnalysis;
import dev.confiture.safety.SafetyAnalyzer;
import dev.confiture.safety.SafetyPlan;
import dev.confiture.safety.SafetyRule;
import dev.confiture.safety.StatementAnalysis;
import dev.confiture.schema.BuildResult;
import dev.confiture.schema.SchemaBuilder;
import dev.confiture.schema.SchemaFile;
import dev.confiture.schema.SchemaFiles;
import dev.confiture.schema.SchemaValidation;
import dev.confiture.schema.drift.DriftDetector;
import dev.confiture.schema.drift.DriftReport;
import dev.confiture.schema.drift.DriftSource;
import dev.confiture.schema.drift.GeneratedMigration;
import dev.confiture.schema.lint.LintReport;
import dev.confiture.state.MigrationEntry;
import dev.confiture.state.SchemaState;
import dev.confiture.state.StateAnalyzer;
import dev.confiture.state.TrackingSnapshot;
import dev.confiture.state.ValidateResult;
import dev.confiture.status.StatusReport;
import dev.confiture.status.StatusReporter;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventOrigin;
import dev.confiture.tracking.HistoryEntry;
import dev.confiture.tracking.InstanceHeartbeat;
import dev.confiture.tracking.InstanceTable;
import dev.confiture.tracking.LiveInstance;
import dev.confiture.tracking.TableName;
import dev.confiture.tracking.TrackingFingerprint;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: PostgreSQL migrations tracked in the Trinity table {@code tb_confiture}.
 *
 * <pre>{@code
 * Confiture confiture = new Confiture(ConfitureConfiguration.builder()
 *         .dataSource(dataSource)
 *         .locations("classpath:db/migration")
 *         .build());
 * MigrateResult result = confiture.migrate();
 * StatusReport status = confiture.status();
 * }</pre>
 *
 * <p>An instance reads its migration files once, on first use, and keeps them: files inside a running
 * application do not change. Create a new instance to pick up new files. Instances are thread-safe;
 * concurrent migrate calls (from any process) take turns on the migration lock.
 */
public final class Confiture {

    private final ConfitureConfiguration configuration;

    private final ScriptPlanner planner;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    private final Migrator migrator;

    private final Downgrader downgrader;

    private final Repairer repairer;

    private final Cleaner cleaner;

    private final SchemaBuilder schemaBuilder;

    private volatile @Nullable DiscoveredMigrations discovered;

    /**
     * The last status report and the records it was made from. A report is a function of those records alone (an
     * instance's files and configuration do not change, and no part of a report depends on the clock), so while
     * the records read are equal the report is handed out again instead of being made again: the Actuator endpoint,
     * the health indicator and the metrics ask often, and mostly nothing has changed.
     */
    private volatile @Nullable CachedStatus lastStatus;

    private volatile @Nullable RecentStatus lastRecentStatus;

    private final TrackingFingerprint fingerprint;

    /**
     * @param configuration the configuration
     */
    public Confiture(ConfitureConfiguration configuration) {
        this.configuration = configuration;
        this.planner = new ScriptPlanner(configuration);
        this.fingerprint = new TrackingFingerprint(configuration.trackingTable(), configuration.eventTable());
        this.trackingTable = new TrackingTable(configuration.trackingTable());
        this.eventLog = new EventLog(configuration.eventTable(),
                EventOrigin.local(configuration.environment(), configuration.events().applicationName()),
                configuration.events().centralEventLog());
        this.migrator = new Migrator(configuration, planner, trackingTable, eventLog);
        this.downgrader = new Downgrader(migrator);
        this.repairer = new Repairer(migrator);
        this.cleaner = new Cleaner(migrator);
        this.schemaBuilder = new SchemaBuilder(configuration, trackingTable, eventLog);
    }

    /**
     * @return the configuration
     */
    public ConfitureConfiguration configuration() {
        return configuration;
    }

    /**
     * Applies every pending migration (up to the configured target).
     * @return what was applied
     * @throws dev.confiture.api.MigrationFailedException when a migration fails
     * @throws ConfitureException when validation finds errors or the lock wait runs out
     */
    public MigrateResult migrate() {
        return inWords(() -> {
            // the lock's connection opens (and reads the state) while the files are read: on a cold start each takes
            // hundreds of ms
            try (EarlyConnection early = EarlyConnection.open(configuration.dataSource())) {
                return migrator.migrate(this::discover, early);
            }
        });
    }

    /**
     * Marks every migration up to and including {@code version} as applied without running it, for a
     * database whose schema already contains them.
     * @param version the baseline version; a migration with this version must exist
     * @return what was marked
     */
    public BaselineResult baseline(String version) {
        return inWords(() -> migrator.baseline(discover(), parseVersion(version)));
    }

    /**
     * Reverts the newest {@code steps} applied migrations with their down scripts, newest first.
     * @param steps how many (at least 1)
     * @return what was reverted
     * @throws dev.confiture.execution.RevertFailedException when a down fails
     */
    public DownResult down(int steps) {
        return inWords(() -> downgrader.down(discover(), DownTarget.steps(steps)));
    }

    /**
     * Reverts every applied migration newer than {@code version}, newest first; {@code version} stays
     * applied ({@code 0} reverts everything).
     * @param version the version to go back to
     * @return what was reverted
     */
    public DownResult downTo(String version) {
        return inWords(() -> downgrader.down(discover(), DownTarget.to(parseVersion(version))));
    }

    /**
     * Accepts changed checksums of applied files, keeps rollback-pending migrations applied and clears
     * failed attempts, recording each as an event.
     * @return what was repaired
     */
    public RepairResult repair() {
        return inWords(() -> repairer.repair(discover()));
    }

    /**
     * Empties the configured schemas (the tracking table's, and the migrations' when it is another one) of a
     * development database: everything in them is dropped, the tracking tables included, and each schema is created
     * again with its owner, privileges, default privileges and comment, in one transaction.
     * @return what was dropped
     * @throws ConfitureException CLEAN_DISABLED unless clean is enabled, and always in an environment that requires
     * approvals; nothing is dropped then
     */
    public CleanResult clean() {
        return inWords(cleaner::clean);
    }

    /**
     * Approves the current file of a migration marked {@code approval=required}, so it may be applied
     * in the environments that require approvals. A changed file needs a new approval.
     * @param version the version
     * @param approvedBy who approves
     * @return the approval
     */
    public ApprovalResult approve(String version, String approvedBy) {
        return inWords(() -> repairer.approve(discover(), parseVersion(version), approvedBy));
    }

    /**
     * Executes every migration migrate would apply inside one transaction and rolls it back,
     * reporting each one's real execution time, the locks it took and its statements. Migrations that
     * cannot run in a transaction are listed as not dry-runnable. Nothing is applied and nothing is
     * created (not even the tracking tables); sequence values the migrations consume stay consumed.
     * When the event log exists, the dry run is recorded in it.
     * @return one entry per migration migrate would apply
     * @throws ConfitureException when validation finds errors or the lock wait runs out
     * @see DryRunner
     */
    public DryRunResult dryRun() {
        return inWords(() -> new DryRunner(configuration, planner, trackingTable, eventLog).dryRun(discover()));
    }

    /**
     * Reports every migration's state. Read-only: creates nothing, takes no lock.
     * @return the report (README, "Status JSON")
     */
    public StatusReport status() {
        return inWords(this::readStatus);
    }

    /**
     * The status, read again in full only when a cheap check (one short query, see {@link TrackingFingerprint}) says
     * the tracking records changed, or when the last full read is older than {@code maxAge} (so that changed migration
     * files are seen too). For gauges and probes asked every few seconds.
     * @param maxAge how long a full read is trusted while the records are unchanged
     * @return the report
     */
    public StatusReport recentStatus(Duration maxAge) {
        return inWords(() -> {
            String fingerprint = readFingerprint();
            RecentStatus recent = lastRecentStatus;
            long now = System.nanoTime();
            if (recent != null && recent.fingerprint().equals(fingerprint) && now - recent.readAtNanos() < maxAge.toNanos()) {
                return recent.report();
            }
            StatusReport report = readStatus();
            lastRecentStatus = new RecentStatus(fingerprint, now, report);
            return report;
        });
    }

    private String readFingerprint() {
        try (Connection connection = configuration.dataSource().getConnection()) {
            return fingerprint.read(connection);
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read " + configuration.trackingTable().display()
                    + ": " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
    }

    private StatusReport readStatus() {
        DiscoveredMigrations migrations = discover();
        TrackingSnapshot snapshot = readSnapshot();
        CachedStatus cached = lastStatus;
        if (cached != null && cached.snapshot().equals(snapshot)) {
            return cached.report();
        }
        StatusReport report = new StatusReporter(planner, configuration.wording()).report(StateAnalyzer.analyze(migrations,
                snapshot, configuration),
                configuration.trackingTable().display(), configuration.environment());
        lastStatus = new CachedStatus(snapshot, report);
        return report;
    }

    /**
     * Checks the migrations against the database: checksum mismatches, applied migrations whose file is
     * gone, pending migrations older than the newest applied one, bad files and duplicates. Read-only.
     * @return the errors and notes
     */
    public ValidateResult validate() {
        SchemaState state = inWords(this::readState);
        Wording wording = configuration.wording();
        List<Problem> errors = new ArrayList<>(state.errors());
        DiscoveredMigrations discovered = discover();
        for (ResolvedMigration migration : discovered.migrations()) {
            errors.addAll(planner.downProblems(migration));
            try {
                planner.plan(migration);
            }
            catch (ConfitureException ex) {
                errors.add(Problem.of(migration.version().text(), ex.inWords(wording)));
            }
        }
        // repeatable migrations and callbacks are planned as migrate plans them: what migrate refuses, validate does
        for (RepeatableMigration repeatable : discovered.repeatables()) {
            try {
                planner.planRepeatable(repeatable);
            }
            catch (ConfitureException ex) {
                errors.add(Problem.of(null, ex.inWords(wording)));
            }
        }
        for (CallbackScript callback : discovered.callbacks()) {
            try {
                planner.planCallback(callback);
            }
            catch (ConfitureException ex) {
                errors.add(Problem.of(null, ex.inWords(wording)));
            }
        }
        return new ValidateResult(errors.stream().map(problem -> problem.inWords(wording)).toList(),
                state.notes().stream().map(problem -> problem.inWords(wording)).toList());
    }

    /**
     * The event log's newest {@code limit} events (runs, attempts, statements, rollbacks, baselines,
     * repairs, approvals, dry runs), oldest first. Read-only: creates nothing, takes no lock; empty when
     * the event table does not exist yet.
     * @param limit how many events at most, at least 1
     * @return the events, oldest first
     * @throws IllegalArgumentException when {@code limit} is less than 1
     * @throws ConfitureException when the database cannot be read
     */
    public List<HistoryEntry> history(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        try (Connection connection = configuration.dataSource().getConnection()) {
            return eventLog.history(connection, limit);
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read " + configuration.eventTable().display()
                    + ": " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
    }

    /**
     * The tracking table's rows, in the order they were applied. Read-only:
     * creates nothing, takes no lock.
     * @return the rows; empty when the tracking table does not exist yet
     * @throws ConfitureException when the database cannot be read or the table is not a tracking table
     */
    public Optional<List<AppliedMigration>> trackingRows() {
        try (Connection connection = configuration.dataSource().getConnection()) {
            return trackingTable.exists(connection) ? Optional.of(trackingTable.read(connection)) : Optional.empty();
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read " + configuration.trackingTable().display()
                    + ": " + ex.getMessage(), null, "Check that the database is reachable", ex).inWords(configuration.wording());
        }
        catch (ConfitureException ex) {
            throw ex.inWords(configuration.wording());
        }
    }

    /**
     * Builds a fresh database from the DDL files of the schema locations (default {@code filesystem:db/schema}),
     * then records every known migration as applied, so the database is immediately up to date. Files are
     * applied in {@link dev.confiture.schema.SchemaFileOrder} (paths compared segment by segment, numeric
     * prefixes as numbers), statement by statement, in <em>one</em> transaction together with the tracking
     * rows and their {@code baseline} events (details {@code "source": "build"}): all or nothing. Takes the
     * migration lock.
     * @return the files applied, the statement count, the baselined migrations and the duration
     * @throws ConfitureException {@code SCHEMA_NOT_EMPTY} when the tracking table has rows or the database already
     * has tables or views (nothing is changed); {@code SCHEMA_BUILD_FAILED} (a
     * {@link dev.confiture.schema.SchemaBuildException}) naming file, line, column, message and SQLSTATE of the
     * failing statement (everything rolled back); {@code NO_SCHEMA_FILES}; {@code UNSUPPORTED_STATEMENT} for a
     * statement that cannot run in a transaction (e.g. {@code CREATE INDEX CONCURRENTLY}); problems of the
     * migrations as for migrate
     */
    public BuildResult build() {
        return inWords(() -> schemaBuilder.build(discover()));
    }

    /**
     * Checks that the schema files apply and lints what they build, then rolls everything back. The files run
     * in a transaction on the configured DataSource when its database is empty, otherwise in a scratch database
     * created from {@code template0} on the same server and dropped afterwards (that needs {@code CREATEDB}).
     * @return whether they apply, the first error with file and line, and the lint findings
     */
    public SchemaValidation validateSchema() {
        return inWords(() -> schemaBuilder.validate());
    }

    /**
     * Lints the schema the DDL files build (read from its catalog), in a rolled-back transaction as
     * {@link #validateSchema()} does. Rules switched off with {@code disabledLintRules} do not run.
     * @return the findings
     * @throws ConfitureException {@code SCHEMA_BUILD_FAILED} when the files do not apply
     */
    public LintReport lint() {
        return inWords(() -> schemaBuilder.lint());
    }

    /**
     * Compares the live database's schema (read from {@code pg_catalog}) with the schema the DDL files or the
     * migrations build in a scratch database on the same server (created from {@code template0}, dropped
     * afterwards; needs {@code CREATEDB}). Read-only for the live database. {@code drift(...).hasDrift()} is
     * the status signal.
     * @param source {@link DriftSource#SCHEMA_FILES} or {@link DriftSource#MIGRATIONS} (the known migrations up
     * to the live database's newest applied version)
     * @return the differences; {@link DriftReport#requireNoDrift()} turns them into an error
     * @throws ConfitureException {@code SCRATCH_DATABASE_FAILED} when the user may not create databases
     */
    public DriftReport drift(DriftSource source) {
        return inWords(() -> new DriftDetector(configuration, trackingTable).drift(source, discover()));
    }

    /**
     * The zero-downtime analysis of every pending migration, without running any: the lock each statement takes on
     * which table, whether it rewrites or scans it, and the rules it breaks with their safe recipe (those a file allows
     * with {@code -- confiture: allow=rule-id} left out), with each table's size from the catalog. Read-only: takes
     * no lock, creates nothing.
     * @return the plan
     */
    public SafetyPlan plan() {
        return inWords(() -> {
            DiscoveredMigrations discovered = discover();
            Problem.refuse(discovered.problems()); // a file migrate would refuse is never left out silently
            SchemaState state = readState();
            SafetyAnalyzer analyzer = new SafetyAnalyzer();
            List<MigrationAnalysis> analyses = new ArrayList<>();
            // held contract migrations are planned too: they are the ones whose locks a deploy most needs to know
            List<MigrationEntry> toPlan = new ArrayList<>(state.toApply(configuration.target(), configuration.outOfOrder()));
            state.held().stream().filter(entry -> configuration.target() == null
                    || entry.version().compareTo(configuration.target()) <= 0).forEach(toPlan::add);
            for (MigrationEntry entry : toPlan) {
                ResolvedMigration migration = java.util.Objects.requireNonNull(entry.migration());
                dev.confiture.execution.ExecutionPlan plan = (migration.java() != null) ? null : planner.plan(migration);
                dev.confiture.execution.StreamedScript streamed = (plan != null) ? plan.streamed() : null;
                if (streamed != null) {
                    analyses.add(analyzer.notAnalysed(migration.slug(), migration.source(), streamed.whyNotAnalysed(),
                            migration.metadata().allow()));
                    continue;
                }
                analyses.add(analyzer.analyze(migration.slug(), migration.source(),
                        (plan != null) ? plan.statements() : List.of(), migration.metadata().allow(),
                        migration.metadata().risk() == dev.confiture.migration.Risk.LOW));
            }
            for (RepeatableMigration repeatable : state.repeatablesToApply()) {
                analyses.add(analyzer.analyze(repeatable.slug(), repeatable.source(),
                        planner.planRepeatable(repeatable).statements(), repeatable.metadata().allow(),
                        repeatable.metadata().risk() == dev.confiture.migration.Risk.LOW));
            }
            return new SafetyPlan(SafetyRule.VERSION, analyses, relationSizes(analyses));
        });
    }

    private Map<String, SafetyPlan.RelationSize> relationSizes(List<MigrationAnalysis> analyses) {
        Map<String, SafetyPlan.RelationSize> sizes = new java.util.TreeMap<>();
        try (Connection connection = configuration.dataSource().getConnection();
                SearchPath searchPath = SearchPath.use(connection, configuration.searchPath());
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT c.reltuples::bigint, "
                        + "pg_catalog.pg_total_relation_size(c.oid) FROM pg_catalog.pg_class c "
                        + "WHERE c.oid = pg_catalog.to_regclass(?)")) {
            for (MigrationAnalysis analysis : analyses) {
                for (StatementAnalysis statementAnalysis : analysis.statements()) {
                    String relation = statementAnalysis.relation();
                    if (relation == null || sizes.containsKey(relation)) {
                        continue;
                    }
                    statement.setString(1, java.util.Arrays.stream(relation.split("\\."))
                            .map(TableName::quote).collect(java.util.stream.Collectors.joining(".")));
                    try (java.sql.ResultSet result = statement.executeQuery()) {
                        if (result.next()) {
                            sizes.put(relation, new SafetyPlan.RelationSize(result.getLong(1), result.getLong(2)));
                        }
                    }
                }
            }
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read the sizes of the tables the pending "
                    + "migrations touch: " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
        return sizes;
    }

    /**
     * Writes the migration that takes the schema the migrations build to the schema the schema files build (both built
     * in scratch databases; the database itself is only used to create them): up and down scripts, index changes as a
     * migration of their own built {@code CONCURRENTLY}, and TODO lines for what they do not express.
     * @return the scripts, not written anywhere
     * @throws ConfitureException when a schema cannot be built or no scratch database can be created
     */
    public GeneratedMigration generateMigration() {
        return inWords(() -> new DriftDetector(configuration, trackingTable).generate(discover()));
    }

    /**
     * @return the schema files build from DDL would apply, in order, split into statements
     * @throws ConfitureException as {@link #build()} does for unreadable or invalid files
     */
    public List<SchemaFile> schemaFiles() {
        return SchemaFiles.load(configuration);
    }

    /**
     * @return the migrations this instance knows, with the problems found reading them
     */
    public DiscoveredMigrations discover() {
        DiscoveredMigrations result = discovered;
        if (result == null) {
            synchronized (this) {
                result = discovered;
                if (result == null) {
                    result = MigrationCatalog.resolve(resources(), configuration.javaMigrations());
                    discovered = result;
                }
            }
        }
        return result;
    }

    /**
     * Runs an operation; its failures name settings and operations in the configured {@link Wording}.
     */
    private <T> T inWords(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        }
        catch (ConfitureException ex) {
            throw ex.inWords(configuration.wording());
        }
    }

    private static MigrationVersion parseVersion(String version) {
        try {
            return MigrationVersion.parse(version.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "'" + version + "' is not a version", null,
                    "Pass the digits of a migration's version, e.g. 001", ex);
        }
    }

    private List<MigrationResource> resources() {
        if (configuration.resources() != null) {
            return configuration.resources().get();
        }
        return new LocationScanner(configuration.classLoader(), configuration.failOnMissingLocations())
                .scan(configuration.locations());
    }

    private SchemaState readState() {
        return StateAnalyzer.analyze(discover(), readSnapshot(), configuration);
    }

    private InstanceTable instanceTable() {
        return TrackingSnapshot.instanceTable(configuration);
    }

    /**
     * Registers a running application instance in the instance table ({@code tb_confiture_instance}), so that
     * {@code phase=contract} migrations of newer builds are held while it is live. The caller beats the heartbeat more
     * often than {@link ConfitureConfiguration#instances()}'s expiry and closes it when the instance stops.
     * @param identity who the instance is; a {@code null} schema version is filled in with the newest migration
     * version this configuration finds, and {@code null} contract versions with those of its {@code phase=contract}
     * migrations
     * @return the registration
     * @throws ConfitureException DATABASE_ERROR when the row cannot be written
     */
    public InstanceHeartbeat registerInstance(LiveInstance.Identity identity) {
        return inWords(() -> {
            List<dev.confiture.migration.ResolvedMigration> known = discover().migrations();
            String newest = known.stream().map(dev.confiture.migration.ResolvedMigration::version)
                    .max(java.util.Comparator.naturalOrder()).map(MigrationVersion::text).orElse(null);
            List<String> contracts = known.stream()
                    .filter(migration -> migration.metadata().phase() == dev.confiture.migration.Phase.CONTRACT)
                    .map(migration -> migration.version().text()).toList();
            LiveInstance.Identity complete = new LiveInstance.Identity(identity.application(), identity.instanceId(),
                    identity.buildVersion(), (identity.schemaVersion() != null) ? identity.schemaVersion() : newest,
                    identity.host(), (identity.contractVersions() != null) ? identity.contractVersions() : contracts);
            try {
                return InstanceHeartbeat.register(configuration.dataSource(), instanceTable(), complete);
            }
            catch (SQLException ex) {
                throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not register instance " + complete.slug()
                        + " in " + configuration.instanceTable().display() + ": " + ex.getMessage() + " (SQLSTATE "
                        + ex.getSQLState() + ")", null, "The instance table needs CREATE on its schema once, then "
                                + "SELECT, INSERT, UPDATE and DELETE", ex);
            }
        });
    }

    /**
     * @return the application instances with a live heartbeat, by application, schema version and build
     * @throws ConfitureException DATABASE_ERROR when the database cannot be read
     */
    public List<LiveInstance> liveInstances() {
        return inWords(() -> {
            try (Connection connection = configuration.dataSource().getConnection()) {
                return instanceTable().live(connection);
            }
            catch (SQLException ex) {
                throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read "
                        + configuration.instanceTable().display() + ": " + ex.getMessage(), null,
                        "Check that the database is reachable", ex);
            }
        });
    }

    private TrackingSnapshot readSnapshot() {
        try (Connection connection = configuration.dataSource().getConnection()) {
            return TrackingSnapshot.read(connection, trackingTable, eventLog, configuration);
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read " + configuration.trackingTable().display()
                    + ": " + ex.getMessage(), null, "Check that the database is reachable", ex);
        }
    }

    /**
     * A report and the records it was made from.
     */
    private record CachedStatus(TrackingSnapshot snapshot, StatusReport report) {
    }

    /**
     * A report, the fingerprint of the records read just before it, and when.
     */
    private record RecentStatus(String fingerprint, long readAtNanos, StatusReport report) {
    }
}
