package dev.confiture.tenant;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.migration.LocationScanner;
import dev.confiture.migration.MigrationResource;
import dev.confiture.state.MigrationState;
import dev.confiture.status.StatusReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one set of migrations to many schemas of one database (schema per tenant). Each tenant has
 * its own tracking and event tables in its schema and its own migration lock, and its migrations run
 * with {@code search_path} set to its schema, so unqualified names land there. Tenants run in
 * parallel, at most {@code parallelism} at once; one tenant's failure does not stop the others unless
 * {@code stopOnFailure} is set. Migration files are read once for all tenants.
 *
 * <pre>{@code
 * TenantMigrations tenants = new TenantMigrations(configuration, TenantSettings.query(
 *         "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'tenant_%'").withParallelism(4));
 * TenantRunResult result = tenants.migrate();
 * }</pre>
 */
public final class TenantMigrations {

    private static final Logger logger = LoggerFactory.getLogger(TenantMigrations.class);

    private static final long STOP_WAIT_SECONDS = 30;

    private final ConfitureConfiguration base;

    private final TenantSettings settings;

    private volatile @Nullable List<MigrationResource> resources;

    /**
     * @param base the configuration every tenant starts from (its schema and search path are replaced)
     * @param settings which schemas and how
     */
    public TenantMigrations(ConfitureConfiguration base, TenantSettings settings) {
        this.base = base;
        this.settings = settings;
    }

    /**
     * @return the settings
     */
    public TenantSettings settings() {
        return settings;
    }

    /**
     * @return the tenants' schemas: the list, or what the query returns now (duplicates removed)
     */
    public List<String> tenants() {
        if (settings.schemasQuery() == null) {
            return List.copyOf(new LinkedHashSet<>(settings.schemas()));
        }
        List<String> schemas = new ArrayList<>();
        try (Connection connection = base.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(settings.schemasQuery())) {
            while (result.next()) {
                schemas.add(result.getString(1));
            }
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The tenant query failed: " + ex.getMessage()
                    + " (SQLSTATE " + ex.getSQLState() + ")", null, "Fix " + Setting.TENANT_QUERY.token() + ": it must return one "
                            + "column of schema names", ex);
        }
        return List.copyOf(new LinkedHashSet<>(schemas));
    }

    /**
     * The Confiture of one tenant: the base configuration with the tenant's schema for the tracking
     * tables and as {@code search_path}, named {@code <base name>/<schema>}.
     * @param schema the tenant's schema
     * @return its Confiture
     */
    public Confiture forTenant(String schema) {
        List<MigrationResource> scanned = scannedResources();
        return new Confiture(base.toBuilder().name(base.name() + "/" + schema).schema(schema).searchPath(schema)
                .instanceTable(base.instanceTable()).resources(() -> scanned).build());
    }

    /**
     * Migrates every tenant.
     * @return one result per tenant, and the counts
     */
    public TenantRunResult migrate() {
        return run("migrate", this::migrateOne);
    }

    /**
     * Reads every tenant's status; read-only.
     * @return one result per tenant (up to date, pending or failed), and the counts
     */
    public TenantRunResult status() {
        return run("status", this::statusOf);
    }

    private TenantRunResult run(String operation, Function<String, TenantResult> perTenant) {
        List<String> schemas = tenants();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), Math.max(1, schemas.size())),
                runnable -> {
                    Thread worker = new Thread(runnable, "confiture-tenant-" + thread.incrementAndGet());
                    worker.setDaemon(true);
                    return worker;
                });
        try {
            List<Future<TenantResult>> futures = new ArrayList<>();
            for (String schema : schemas) {
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        return new TenantResult(schema, TenantOutcome.SKIPPED, 0, 0, null, null,
                                "not attempted: an earlier tenant failed and stop-on-failure is set", 0);
                    }
                    TenantResult result = perTenant.apply(schema);
                    if (result.failed() && settings.stopOnFailure()) {
                        stop.set(true);
                    }
                    return result;
                }));
            }
            List<TenantResult> results = new ArrayList<>();
            for (Future<TenantResult> future : futures) {
                results.add(future.get());
            }
            TenantRunResult result = new TenantRunResult(List.copyOf(results), TenantSummary.of(results));
            logger.info("Tenant {} of {} schema(s): {}", operation, schemas.size(), result.summary());
            return result;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running tenant " + operation, ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("A tenant " + operation + " failed unexpectedly", ex.getCause());
        }
        finally {
            pool.shutdownNow();
            awaitWorkers(pool);
        }
    }

    /**
     * Waits for the workers to stop: after an interruption they stop before their next statement, and whoever
     * interrupted (an application closing) must not go on while a tenant's migration still runs.
     */
    private static void awaitWorkers(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                logger.warn("Tenant migrations still running a statement after {} s", STOP_WAIT_SECONDS);
            }
        }
        catch (InterruptedException ex) {
            interrupted = true;
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TenantResult migrateOne(String schema) {
        long start = System.nanoTime();
        try {
            Confiture confiture = forTenant(schema);
            MigrateResult result = confiture.migrate();
            TenantOutcome outcome = result.applied().isEmpty() ? TenantOutcome.UP_TO_DATE : TenantOutcome.MIGRATED;
            return new TenantResult(schema, outcome, result.appliedCount(), 0, result.currentVersion(), null, null,
                    Elapsed.millisSince(start));
        }
        catch (ConfitureException ex) {
            logger.warn("Tenant {} failed: {}", schema, ex.getMessage());
            return new TenantResult(schema, TenantOutcome.FAILED, 0, 0, null, ex.code(), ex.getMessage(), Elapsed.millisSince(start));
        }
        catch (RuntimeException ex) {
            logger.warn("Tenant {} failed", schema, ex);
            return new TenantResult(schema, TenantOutcome.FAILED, 0, 0, null, null, ex.toString(), Elapsed.millisSince(start));
        }
    }

    private TenantResult statusOf(String schema) {
        long start = System.nanoTime();
        try {
            StatusReport status = forTenant(schema).status();
            boolean broken = status.problems().stream().anyMatch(problem -> problem.isError())
                    || status.migrations().stream().anyMatch(migration -> migration.status() == MigrationState.FAILED);
            TenantOutcome outcome = broken ? TenantOutcome.FAILED
                    : (status.summary().pending() > 0) ? TenantOutcome.PENDING : TenantOutcome.UP_TO_DATE;
            String error = broken ? status.problems().stream().filter(problem -> problem.isError()).findFirst()
                    .map(problem -> "[" + problem.code() + "] " + problem.message()).orElse("a migration failed") : null;
            return new TenantResult(schema, outcome, 0, status.summary().pending(), status.current(), null, error,
                    Elapsed.millisSince(start));
        }
        catch (ConfitureException ex) {
            return new TenantResult(schema, TenantOutcome.FAILED, 0, 0, null, ex.code(), ex.getMessage(), Elapsed.millisSince(start));
        }
    }

    private List<MigrationResource> scannedResources() {
        @Nullable List<MigrationResource> scanned = resources;
        if (scanned == null) {
            synchronized (this) {
                scanned = resources;
                if (scanned == null) {
                    java.util.function.Supplier<List<MigrationResource>> supplied = base.resources();
                    scanned = (supplied != null) ? supplied.get()
                            : new LocationScanner(base.classLoader(), base.failOnMissingLocations()).scan(base.locations());
                    resources = scanned;
                }
            }
        }
        return scanned;
    }

}
