package dev.confiture.schema.drift;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.Migrator;
import dev.confiture.execution.ScriptPlanner;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.migration.DiscoveredMigrations;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.schema.DdlApplier;
import dev.confiture.schema.SchemaFile;
import dev.confiture.schema.SchemaFiles;
import dev.confiture.schema.ScratchDatabase;
import dev.confiture.tracking.AppliedMigration;
import dev.confiture.tracking.EventLog;
import dev.confiture.tracking.EventOrigin;
import dev.confiture.tracking.TableName;
import dev.confiture.tracking.TrackingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift preflight: reads the live database's schema, builds the expected schema in a
 * {@link ScratchDatabase} on the same server (from the schema files, or by replaying the migrations with
 * migrate), reads that too, and compares them. The scratch database is always dropped; the live database is
 * only read.
 */
public final class DriftDetector {

    private static final Logger logger = LoggerFactory.getLogger(DriftDetector.class);

    private final ConfitureConfiguration configuration;

    private final TrackingTable trackingTable;

    /**
     * @param configuration the configuration
     * @param trackingTable the tracking table of the live database
     */
    public DriftDetector(ConfitureConfiguration configuration, TrackingTable trackingTable) {
        this.configuration = configuration;
        this.trackingTable = trackingTable;
    }

    /**
     * @param source what to compare the live database with
     * @param discovered the known migrations (for {@link DriftSource#MIGRATIONS})
     * @return the differences
     * @throws ConfitureException {@code SCRATCH_DATABASE_FAILED} when no scratch database can be created (naming
     * the privilege), {@code SCHEMA_BUILD_FAILED} or a failed migration when the expected schema cannot be built
     */
    public DriftReport drift(DriftSource source, DiscoveredMigrations discovered) {
        long start = System.nanoTime();
        List<SchemaFile> files = (source == DriftSource.SCHEMA_FILES) ? SchemaFiles.load(configuration) : List.of();
        if (source == DriftSource.MIGRATIONS) {
            Problem.refuse(discovered.problems());
        }
        // Upstream Confiture's lock-holder table is bookkeeping too (created where its search_path points, usually public).
        List<TableName> excluded = new java.util.ArrayList<>(configuration.bookkeepingTables());
        excluded.add(new TableName(configuration.trackingTable().schema(), "confiture_lock_holder"));
        excluded.add(new TableName("public", "confiture_lock_holder"));
        SchemaSnapshot actual;
        String database;
        MigrationVersion newestApplied;
        try (Connection live = configuration.dataSource().getConnection()) {
            database = live.getCatalog();
            newestApplied = newestApplied(trackingTable.read(live));
            actual = SchemaSnapshot.read(live, excluded);
        }
        catch (SQLException ex) {
            throw databaseError("reading the live schema", ex);
        }
        String expectedVersion = null;
        SchemaSnapshot expected;
        try (ScratchDatabase scratch = ScratchDatabase.create(configuration, "drift")) {
            if (source == DriftSource.SCHEMA_FILES) {
                applySchemaFiles(scratch, files);
            }
            else {
                MigrationVersion target = replayTarget(discovered, newestApplied);
                if (target != null) {
                    replayMigrations(scratch, discovered, target);
                    expectedVersion = target.text();
                }
            }
            try (Connection connection = scratch.connect()) {
                expected = SchemaSnapshot.read(connection, excluded);
            }
            catch (SQLException ex) {
                throw databaseError("reading the expected schema in " + scratch.name(), ex);
            }
        }
        List<Difference> differences = SchemaDiff.diff(expected, actual);
        DriftSummary summary = new DriftSummary(count(differences, DifferenceKind.MISSING),
                count(differences, DifferenceKind.EXTRA), count(differences, DifferenceKind.CHANGED));
        long ms = Elapsed.millisSince(start);
        if (differences.isEmpty()) {
            logger.info("No drift: {} matches the schema the {} build", database, source.value().replace('_', ' '));
        }
        else {
            logger.warn("Drift: {} differs from the schema the {} build in {} place(s)", database,
                    source.value().replace('_', ' '), differences.size());
        }
        return new DriftReport(DriftReport.FORMAT_VERSION, source, expectedVersion, database, summary, differences, ms);
    }

    /**
     * Writes the migration that takes the schema the migrations build to the schema the schema files build: both are
     * built in scratch databases on the same server, read with their comments, and compared object by object
     * ({@link MigrationGenerator}). The live database is not read.
     * @param discovered the known migrations, all of which are replayed
     * @return the scripts, up and down
     * @throws ConfitureException as {@link #drift} does when a schema cannot be built
     */
    public GeneratedMigration generate(DiscoveredMigrations discovered) {
        List<SchemaFile> files = SchemaFiles.load(configuration);
        Problem.refuse(discovered.problems());
        List<TableName> excluded = new java.util.ArrayList<>(configuration.bookkeepingTables());
        excluded.add(new TableName(configuration.trackingTable().schema(), "confiture_lock_holder"));
        excluded.add(new TableName("public", "confiture_lock_holder"));
        SchemaSnapshot migrations;
        SchemaSnapshot schemaFiles;
        try (ScratchDatabase replayed = ScratchDatabase.create(configuration, "generate");
                ScratchDatabase built = ScratchDatabase.create(configuration, "generate")) {
            MigrationVersion newest = replayTarget(discovered, null);
            if (newest != null) {
                replayMigrations(replayed, discovered, newest);
            }
            applySchemaFiles(built, files);
            try (Connection a = replayed.connect(); Connection b = built.connect()) {
                migrations = SchemaSnapshot.read(a, excluded, true);
                schemaFiles = SchemaSnapshot.read(b, excluded, true);
            }
            catch (SQLException ex) {
                throw databaseError("reading the schemas to compare", ex);
            }
        }
        MigrationGenerator.Scripts up = MigrationGenerator.between(migrations, schemaFiles);
        MigrationGenerator.Scripts down = MigrationGenerator.between(schemaFiles, migrations);
        boolean indexes = !up.indexStatements().isEmpty() || !down.indexStatements().isEmpty();
        return new GeneratedMigration(script("the schema the migrations build to the schema files'", up.statements(),
                up.todos(), false), script("the schema files' schema back to the one the migrations build",
                        down.statements(), down.todos(), false),
                indexes ? script("the indexes of the schema files (CONCURRENTLY: statement by statement)",
                        up.indexStatements(), List.of(), true) : null,
                indexes ? script("the indexes back", down.indexStatements(), List.of(), true) : null, up.todos(),
                up.statements().size() + up.indexStatements().size());
    }

    private static String script(String what, List<String> statements, List<String> todos, boolean indexes) {
        StringBuilder text = new StringBuilder("-- Generated by confiture migrate generate: takes " + what
                + ". Review it before applying.\n-- Not compared, so never written: privileges (GRANT), row-level "
                + "security policies, view options (security_barrier, security_invoker, WITH CHECK OPTION), ownership.\n");
        for (String todo : todos) {
            text.append("-- TODO: ").append(todo.replace("\n", " ")).append('\n');
        }
        if (statements.isEmpty()) {
            text.append("-- Nothing to do").append(indexes ? "" : " here").append(".\n");
        }
        for (String statement : statements) {
            text.append('\n').append(statement).append(";\n");
        }
        return text.toString();
    }

    private void applySchemaFiles(ScratchDatabase scratch, List<SchemaFile> files) {
        try (Connection connection = scratch.connect()) {
            connection.setAutoCommit(false);
            try {
                DdlApplier.statementTimeout(connection, configuration.timeouts().statementTimeout());
                DdlApplier.apply(connection, files);
                connection.commit();
            }
            catch (SQLException | RuntimeException ex) {
                connection.rollback();
                throw ex;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException ex) {
            throw databaseError("building the schema files in " + scratch.name(), ex);
        }
    }

    private void replayMigrations(ScratchDatabase scratch, DiscoveredMigrations discovered, MigrationVersion target) {
        ConfitureConfiguration replay = ConfitureConfiguration.builder()
                .dataSource(scratch.dataSource())
                .locations(configuration.locations())
                .classLoader(configuration.classLoader())
                .schema(configuration.trackingTable().schema())
                .table(configuration.trackingTable().table())
                .environment(configuration.environment())
                .applicationName(configuration.events().applicationName())
                .appliedBy(configuration.events().appliedBy())
                .target(target.text())
                .outOfOrder(true)
                .lockTimeout(null)
                .lockTimeoutRetries(0)
                .statementTimeout(configuration.timeouts().statementTimeout())
                .approvalEnvironments(List.of())
                .build();
        new Migrator(replay, new ScriptPlanner(replay), new TrackingTable(replay.trackingTable()),
                new EventLog(replay.eventTable(), EventOrigin.local(replay.environment(), replay.events().applicationName())))
                .migrate(discovered);
    }

    /**
     * The newest known migration not newer than the live database's newest applied one; the newest known
     * migration when nothing is applied; {@code null} when there is nothing to replay.
     */
    private static @Nullable MigrationVersion replayTarget(DiscoveredMigrations discovered,
            @Nullable MigrationVersion newestApplied) {
        MigrationVersion target = null;
        for (ResolvedMigration migration : discovered.migrations()) {
            if (newestApplied == null || migration.version().compareTo(newestApplied) <= 0) {
                target = migration.version();
            }
        }
        return target;
    }

    private static @Nullable MigrationVersion newestApplied(List<AppliedMigration> applied) {
        MigrationVersion newest = null;
        for (AppliedMigration row : applied) {
            try {
                MigrationVersion version = MigrationVersion.parse(row.version());
                if (newest == null || version.compareTo(newest) > 0) {
                    newest = version;
                }
            }
            catch (IllegalArgumentException ex) {
                logger.debug("Ignoring tracking row with version {}", row.version());
            }
        }
        return newest;
    }

    private static int count(List<Difference> differences, DifferenceKind kind) {
        return (int) differences.stream().filter(difference -> difference.kind() == kind).count();
    }

    private static ConfitureException databaseError(String what, SQLException ex) {
        return new ConfitureException(ErrorCode.DATABASE_ERROR, "The database failed while " + what + ": " + ex.getMessage()
                + " (SQLSTATE " + ex.getSQLState() + ")", null, "Check that the database is reachable", ex);
    }
}
