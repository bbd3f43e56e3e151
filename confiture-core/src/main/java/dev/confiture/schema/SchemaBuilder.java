package dev.confiture.schema;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.jdbc.Jdbc;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.schema.SchemaValidation.CheckedIn;
import dev.confiture.schema.lint.LintReport;
import dev.confiture.schema.lint.SchemaLinter;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventKind;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventStatus;
import dev.confiture.tracking.MigrationEvent;
import dev.confiture.tracking.RunJournal;
import dev.confiture.tracking.TableName;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Build from DDL, schema validation and lint: the work behind {@code Confiture.build()},
 * {@code validateSchema()} and {@code lint()}.
 *
 * <p><b>Build</b> takes the migration lock, refuses a database that is not empty (see
 * {@link DatabaseContents}) or whose tracking table has rows, then in <em>one</em> transaction applies every
 * schema file statement by statement, creates the tracking tables and records every known migration as
 * applied (a baseline through the newest one; each gets a {@code baseline} event whose details say
 * {@code "source": "build"}). Any failure rolls all of it back.
 *
 * <p><b>Validation and lint</b> apply the schema files in a transaction that is always rolled back: on the
 * configured DataSource when its database is empty, otherwise in a {@link ScratchDatabase} on the same server.
 */
public final class SchemaBuilder {

    private static final Logger logger = LoggerFactory.getLogger(SchemaBuilder.class);

    private static final int NAMES_SHOWN = 5;

    /** The baseline's rows per statement: 200 events are 3,000 parameters, far below PostgreSQL's 65,535. */
    static final int BASELINE_ROWS_PER_STATEMENT = 200;

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    private final EventLog eventLog;

    /**
     * @param configuration the configuration
     * @param trackingTable the tracking table
     * @param eventLog the event log
     */
    public SchemaBuilder(ConfitureConfiguration configuration, TrackingTable trackingTable, EventLog eventLog) {
        this.configuration = configuration;
        this.trackingTable = trackingTable;
        this.eventLog = eventLog;
    }

    /**
     * Builds the schema from the DDL files and baselines every known migration.
     * @param discovered the known migrations
     * @return what was applied and recorded
     * @throws ConfitureException {@code SCHEMA_NOT_EMPTY} (nothing changed), {@code SCHEMA_BUILD_FAILED}
     * (a {@link SchemaBuildException}; everything rolled back), a file problem naming file and line, or a
     * problem of the migrations
     */
    public BuildResult build(DiscoveredMigrations discovered) {
        long start = System.nanoTime();
        Problem.refuse(discovered.problems());
        List<SchemaFile> files = SchemaFiles.load(configuration);
        DataSource dataSource = configuration.dataSource();
        try (MigrationLock lock = MigrationLock.acquire(dataSource, configuration.trackingTable(), configuration.timeouts().lockWait(),
                configuration.events().applicationName())) {
            Connection connection = lock.connection();
            RunJournal journal = new RunJournal(eventLog, dataSource);
            connection.setAutoCommit(false);
            try {
                refuseNonEmpty(connection);
                DdlApplier.statementTimeout(connection, configuration.timeouts().statementTimeout());
                int statements = DdlApplier.apply(connection, files);
                trackingTable.ensureExists(connection);
                eventLog.ensureExists(connection);
                List<String> baselined = recordBaseline(connection, journal, discovered, files.size());
                journal.commit(connection, "");
                String newest = discovered.migrations().isEmpty() ? null
                        : discovered.migrations().get(discovered.migrations().size() - 1).version().text();
                long ms = Elapsed.millisSince(start);
                logger.info("Built the schema from {} file(s), {} statement(s), in {} ms; baselined {} migration(s){}",
                        files.size(), statements, ms, baselined.size(), (newest != null) ? " through " + newest : "");
                return new BuildResult(files.stream().map(SchemaFile::description).toList(), statements, newest, baselined, ms);
            }
            catch (SQLException | RuntimeException ex) {
                journal.rollBack(connection);
                throw ex;
            }
            finally {
                Jdbc.restoreAutoCommit(connection);
            }
        }
        catch (SQLException ex) {
            throw databaseError("build", ex);
        }
    }

    /**
     * Applies the schema files in a rolled-back transaction and lints what they build.
     * @return whether they apply (else the first error, with file and line) and the lint findings
     */
    public SchemaValidation validate() {
        long start = System.nanoTime();
        List<SchemaFile> files;
        try {
            files = SchemaFiles.load(configuration);
        }
        catch (ConfitureException ex) {
            if (ex.code() == ErrorCode.INVALID_CONFIGURATION) {
                throw ex;
            }
            return new SchemaValidation(CheckedIn.NOT_APPLIED, 0, 0, SchemaError.of(ex), null, Elapsed.millisSince(start));
        }
        SchemaLinter linter = linter();
        Holder<CheckedIn> where = new Holder<>();
        try {
            Built<LintReport> built = inRolledBackBuild(files, "schema validation", linter::lint, where);
            return new SchemaValidation(built.checkedIn(), files.size(), built.statements(), null, built.value(),
                    Elapsed.millisSince(start));
        }
        catch (SchemaBuildException ex) {
            return new SchemaValidation(java.util.Objects.requireNonNullElse(where.value, CheckedIn.NOT_APPLIED), files.size(),
                    ex.completedStatements(), ex.error(), null,
                    Elapsed.millisSince(start));
        }
    }

    /**
     * Applies the schema files in a rolled-back transaction and lints what they build.
     * @return the findings
     * @throws ConfitureException as {@link SchemaFiles#load}, or a {@link SchemaBuildException} when the files
     * do not apply
     */
    public LintReport lint() {
        List<SchemaFile> files = SchemaFiles.load(configuration);
        return inRolledBackBuild(files, "lint", linter()::lint, new Holder<>()).value();
    }

    /**
     * @return the linter with the configured disabled rules, skipping Confiture's own tables
     */
    public SchemaLinter linter() {
        return new SchemaLinter(configuration.schemaFiles().disabledLintRules(), confitureTables());
    }

    /**
     * @return Confiture's own tables (see {@link ConfitureConfiguration#bookkeepingTables()}), which build, lint and drift
     * leave out
     */
    public List<TableName> confitureTables() {
        return configuration.bookkeepingTables();
    }

    private <T> Built<T> inRolledBackBuild(List<SchemaFile> files, String purpose, CatalogReader<T> reader,
            Holder<CheckedIn> where) {
        boolean empty;
        try (Connection connection = configuration.dataSource().getConnection()) {
            empty = DatabaseContents.userRelations(connection, confitureTables(), 1).isEmpty();
        }
        catch (SQLException ex) {
            throw databaseError(purpose, ex);
        }
        if (empty) {
            where.value = CheckedIn.TRANSACTION;
            return rolledBack(configuration.dataSource()::getConnection, files, purpose, reader, CheckedIn.TRANSACTION);
        }
        where.value = CheckedIn.SCRATCH_DATABASE;
        try (ScratchDatabase scratch = ScratchDatabase.create(configuration, purpose)) {
            return rolledBack(scratch::connect, files, purpose, reader, CheckedIn.SCRATCH_DATABASE);
        }
    }

    private <T> Built<T> rolledBack(ConnectionSource source, List<SchemaFile> files, String purpose,
            CatalogReader<T> reader, CheckedIn where) {
        try (Connection connection = source.get()) {
            connection.setAutoCommit(false);
            try {
                DdlApplier.statementTimeout(connection, configuration.timeouts().statementTimeout());
                int statements = DdlApplier.apply(connection, files);
                return new Built<>(reader.read(connection), where, statements);
            }
            finally {
                Jdbc.rollbackQuietly(connection);
                Jdbc.restoreAutoCommit(connection);
            }
        }
        catch (SQLException ex) {
            throw databaseError(purpose, ex);
        }
    }

    private void refuseNonEmpty(Connection connection) throws SQLException {
        List<AppliedMigration> applied = trackingTable.read(connection);
        String hint = "Build from DDL creates the schema of a new, empty database: run it against one (e.g. a database "
                + "just created with CREATE DATABASE), and use migrate for a database that already has a schema. Nothing "
                + "was changed";
        if (!applied.isEmpty()) {
            throw new ConfitureException(ErrorCode.SCHEMA_NOT_EMPTY, configuration.trackingTable().display() + " already "
                    + "records " + applied.size() + " applied migration(s) (the last one " + applied.get(applied.size() - 1)
                            .slug() + ")", hint);
        }
        List<String> relations = DatabaseContents.userRelations(connection, confitureTables(), NAMES_SHOWN + 1);
        if (!relations.isEmpty()) {
            String names = String.join(", ", relations.subList(0, Math.min(NAMES_SHOWN, relations.size())))
                    + ((relations.size() > NAMES_SHOWN) ? ", ..." : "");
            throw new ConfitureException(ErrorCode.SCHEMA_NOT_EMPTY, "The database already has tables or views: " + names,
                    hint);
        }
    }

    private List<String> recordBaseline(Connection connection, RunJournal journal, DiscoveredMigrations discovered,
            int fileCount) throws SQLException {
        List<ResolvedMigration> migrations = discovered.migrations();
        if (migrations.isEmpty()) {
            return List.of();
        }
        String through = migrations.get(migrations.size() - 1).version().text();
        List<String> slugs = new ArrayList<>();
        List<TrackingTable.NewRow> rows = new ArrayList<>();
        List<MigrationEvent> events = new ArrayList<>();
        for (ResolvedMigration migration : migrations) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("baseline_version", through);
            details.put("checksum", migration.checksum());
            details.put("source", "build");
            details.put("schema_files", fileCount);
            Instant now = Instant.now();
            rows.add(new TrackingTable.NewRow(migration.id(), migration.slug(), migration.version().text(),
                    migration.name(), null, migration.checksum(), configuration.events().appliedBy()));
            events.add(journal.event(migration, EventKind.BASELINE, EventStatus.SUCCEEDED, now, now, null, details));
            slugs.add(migration.slug());
        }
        // in the build's transaction (committed with the schema or not at all), a few statements for all the rows
        for (int start = 0; start < rows.size(); start += BASELINE_ROWS_PER_STATEMENT) {
            int end = Math.min(rows.size(), start + BASELINE_ROWS_PER_STATEMENT);
            journal.recordAll(connection, trackingTable.insertions(rows.subList(start, end)), events.subList(start, end));
        }
        return slugs;
    }

    private ConfitureException databaseError(String operation, SQLException ex) {
        return new ConfitureException(ErrorCode.DATABASE_ERROR, "The database failed during " + operation + ": "
                + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")", null,
                "Check that the database is reachable and that the user may create the schema's objects", ex);
    }


    /** Reads something from the catalog of a built schema, inside the transaction that built it. */
    @FunctionalInterface
    private interface CatalogReader<T> {

        T read(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionSource {

        Connection get() throws SQLException;
    }

    private record Built<T>(T value, CheckedIn checkedIn, int statements) {
    }

    private static final class Holder<T> {

        @Nullable T value;
    }
}
