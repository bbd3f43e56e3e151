package dev.confiture.tenant;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.LocationScanner;
import dev.confiture.migration.MigrationResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        return run("migrate", true);
    }

    /**
     * Reads every tenant's status; read-only.
     * @return one result per tenant (up to date, pending or failed), and the counts
     */
    public TenantRunResult status() {
        return run("status", false);
    }

    private TenantRunResult run(String operation, boolean migrate) {
        return Targets.run("tenant", operation, tenants(), settings.parallelism(), settings.stopOnFailure(),
                schema -> migrate ? Targets.migrate(schema, () -> forTenant(schema))
                        : Targets.status(schema, () -> forTenant(schema)));
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
