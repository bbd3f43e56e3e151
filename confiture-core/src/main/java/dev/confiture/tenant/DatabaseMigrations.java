package dev.confiture.tenant;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one set of migrations to many databases (database per customer, region or shard), in parallel, at most
 * {@code parallelism} at once, a result per database and a summary. Each database keeps its own migration lock,
 * tracking table and events (sent to the central log too when one is configured). A failure stops nothing else
 * unless {@code stopOnFailure} is set. The results are {@link TenantResult}s whose {@code schema} is the database.
 */
public final class DatabaseMigrations {

    private final Map<String, ConfitureConfiguration> databases;

    private final int parallelism;

    private final boolean stopOnFailure;

    /**
     * @param databases the configuration of each database, by its name in the results (e.g. {@code host:port/name})
     * @param parallelism how many databases at once, at least 1
     * @param stopOnFailure whether the databases not started after a failure are skipped
     */
    public DatabaseMigrations(Map<String, ConfitureConfiguration> databases, int parallelism, boolean stopOnFailure) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.databases = new LinkedHashMap<>(databases);
        this.parallelism = parallelism;
        this.stopOnFailure = stopOnFailure;
    }

    /**
     * @return one result per database (migrated, up to date, failed or skipped), and the counts
     */
    public TenantRunResult migrate() {
        return Targets.run("database", "migrate", new ArrayList<>(databases.keySet()), parallelism, stopOnFailure,
                database -> Targets.migrate(database, () -> confiture(database)));
    }

    /**
     * @return one result per database (up to date, pending or failed), and the counts; read-only
     */
    public TenantRunResult status() {
        return Targets.run("database", "status", new ArrayList<>(databases.keySet()), parallelism, stopOnFailure,
                database -> Targets.status(database, () -> confiture(database)));
    }

    private Confiture confiture(String database) {
        return new Confiture(java.util.Objects.requireNonNull(databases.get(database)));
    }

    /**
     * @param catalogUrl a {@code jdbc:postgresql:} URL
     * @param database a database name
     * @return the URL of that database on the same server, with the same parameters
     */
    public static String onSameServer(String catalogUrl, String database) {
        return dev.confiture.jdbc.JdbcUrls.withDatabase(catalogUrl, database);
    }

    /**
     * @return the databases, in order
     */
    public List<String> databases() {
        return List.copyOf(databases.keySet());
    }
}
