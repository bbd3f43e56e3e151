package dev.confiture.benchmarks;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.schema.BuildResult;
import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantRunResult;
import dev.confiture.tenant.TenantSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * What each contender does in one timed step. Each call builds a new instance from its configuration, as a
 * service start does, so scanning and reading the files is part of what is measured.
 */
final class Contenders {

    private Contenders() {
    }

    /**
     * Confiture: {@code new Confiture(configuration).migrate()}.
     * @return how many migrations it applied
     */
    static int confitureMigrate(DataSource dataSource, Path migrations) {
        MigrateResult result = confiture(dataSource, migrations, null).migrate();
        return result.applied().size();
    }

    /**
     * Confiture: {@code new Confiture(configuration).plan()}, the zero-downtime analysis of every pending migration.
     * @return how many migrations it analysed
     */
    static int confiturePlan(DataSource dataSource, Path migrations) {
        return confiture(dataSource, migrations, null).plan().migrations().size();
    }

    /**
     * Confiture: {@code new Confiture(configuration).build()} from the schema files, baselining the migrations.
     * @return how many migrations it baselined
     */
    static int confitureBuild(DataSource dataSource, Path migrations, Path schema) {
        BuildResult result = confiture(dataSource, migrations, schema).build();
        return result.baselined().size();
    }

    static Confiture confiture(DataSource dataSource, Path migrations, @Nullable Path schema) {
        ConfitureConfiguration.Builder builder = configuration(dataSource, migrations);
        if (schema != null) {
            builder.schemaLocations("filesystem:" + schema.toAbsolutePath());
        }
        return new Confiture(builder.build());
    }

    /**
     * Confiture's schema-per-tenant migration: {@code new TenantMigrations(configuration,
     * TenantSettings.of(schemas).withParallelism(parallelism)).migrate()}.
     * @return the per-tenant results
     */
    static TenantRunResult tenantsMigrate(DataSource dataSource, Path migrations, List<String> schemas, int parallelism) {
        return new TenantMigrations(configuration(dataSource, migrations).build(),
                TenantSettings.of(schemas).withParallelism(parallelism)).migrate();
    }

    static ConfitureConfiguration.Builder configuration(DataSource dataSource, Path migrations) {
        return ConfitureConfiguration.builder().dataSource(dataSource)
                .locations("filesystem:" + migrations.toAbsolutePath())
                .environment("benchmark")
                .applicationName("confiture-benchmarks");
    }

    /**
     * @return a pool that lets {@code parallelism} tenants migrate at once: each run holds two connections (the lock
     * and the migration)
     */
    static int tenantPoolSize(int parallelism) {
        return 2 * parallelism;
    }

    /**
     * Flyway with its defaults (validate on migrate, one transaction per migration):
     * {@code Flyway.configure().dataSource(...).locations(...).load().migrate()}.
     * @return how many migrations it applied
     */
    static int flywayMigrate(DataSource dataSource, Path migrations) {
        return Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + migrations.toAbsolutePath())
                .load()
                .migrate().migrationsExecuted;
    }

    /**
     * Flyway's counterpart of {@code migrate status --format json}: {@code info()} of every migration, written as a
     * JSON array of version, description, state, installed-on and checksum.
     * @return how many migrations it listed
     */
    static int flywayInfoJson(DataSource dataSource, Path migrations, java.io.PrintStream out) {
        org.flywaydb.core.api.MigrationInfo[] all = Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + migrations.toAbsolutePath()).load().info().all();
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        for (org.flywaydb.core.api.MigrationInfo info : all) {
            java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("version", String.valueOf(info.getVersion()));
            row.put("description", info.getDescription());
            row.put("state", info.getState().getDisplayName());
            row.put("installed_on", String.valueOf(info.getInstalledOn()));
            row.put("checksum", info.getChecksum());
            rows.add(row);
        }
        out.print(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(rows));
        return rows.size();
    }

    /**
     * The limit: the same SQL as one script over one JDBC connection in one transaction, no bookkeeping.
     * @return 0
     */
    static int limit(DataSource dataSource, String script) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(script);
            }
            connection.commit();
            connection.setAutoCommit(true);
            return 0;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("The script failed: " + ex.getMessage(), ex);
        }
    }
}
