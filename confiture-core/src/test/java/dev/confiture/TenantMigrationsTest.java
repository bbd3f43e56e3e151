package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantOutcome;
import dev.confiture.tenant.TenantResult;
import dev.confiture.tenant.TenantRunResult;
import dev.confiture.tenant.TenantSettings;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of migrations applied to many tenant schemas of one database.
 */
@ExtendWith(PostgresExtension.class)
class TenantMigrationsTest {

    @TempDir
    Path directory;

    @Test
    void fiftyTenantsTimesTwentyMigrationsWithParallelismFourAndOneFailingTenant(TestDatabase database) {
        MigrationDirectory files = twentyMigrations();
        List<String> schemas = IntStream.rangeClosed(1, 50).mapToObj(i -> String.format("tenant_%02d", i)).toList();
        Sql.execute(database, "CREATE SCHEMA tenant_13; CREATE TABLE tenant_13.tb_widget (legacy int)");

        TenantRunResult result = tenants(files, database, TenantSettings.of(schemas).withParallelism(4)).migrate();

        assertThat(result.summary().total()).isEqualTo(50);
        assertThat(result.summary().migrated()).isEqualTo(49);
        assertThat(result.summary().failed()).isEqualTo(1);
        assertThat(result.tenants()).extracting(TenantResult::schema).containsExactlyElementsOf(schemas);
        TenantResult failed = result.failures().get(0);
        assertThat(failed.schema()).isEqualTo("tenant_13");
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED);
        assertThat(failed.error()).contains("001_create_widget", "already exists");
        for (String schema : schemas) {
            if (!schema.equals("tenant_13")) {
                assertThat(Sql.scalar(database, "SELECT count(*) FROM " + schema + ".tb_confiture")).as(schema).isEqualTo("20");
                assertThat(Sql.scalar(database, "SELECT count(*) FROM " + schema + ".tb_widget")).as(schema).isEqualTo("19");
            }
        }
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tenant_13.tb_confiture")).isEqualTo("0");
        assertThat(Sql.tableExists(database, "public.tb_widget")).as("nothing ran outside the tenants' schemas").isFalse();

        TenantRunResult status = tenants(files, database, TenantSettings.of(schemas)).status();
        assertThat(status.summary().upToDate()).isEqualTo(49);
        assertThat(status.summary().failed()).isEqualTo(1);
        assertThat(status.failures()).singleElement().satisfies(tenant -> {
            assertThat(tenant.schema()).isEqualTo("tenant_13");
            assertThat(tenant.error()).contains("001_create_widget");
        });

        Sql.execute(database, "DROP TABLE tenant_13.tb_widget");
        TenantRunResult again = tenants(files, database, TenantSettings.of(schemas)).migrate();
        assertThat(again.summary().upToDate()).isEqualTo(49);
        assertThat(again.summary().migrated()).isEqualTo(1);
    }

    @Test
    void tenantsComeFromAQuery(TestDatabase database) {
        Sql.execute(database, "CREATE SCHEMA customer_a; CREATE SCHEMA customer_b; CREATE SCHEMA unrelated");

        TenantRunResult result = tenants(twentyMigrations(), database, TenantSettings.query(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'customer_%' ORDER BY 1")).migrate();

        assertThat(result.tenants()).extracting(TenantResult::schema).containsExactly("customer_a", "customer_b");
        assertThat(Sql.tableExists(database, "unrelated.tb_confiture")).isFalse();
    }

    @Test
    void stopOnFailureSkipsTheTenantsNotStartedYet(TestDatabase database) {
        Sql.execute(database, "CREATE SCHEMA t1; CREATE TABLE t1.tb_widget (legacy int)");

        TenantRunResult result = tenants(twentyMigrations(), database,
                TenantSettings.of(List.of("t1", "t2", "t3")).withParallelism(1).withStopOnFailure(true)).migrate();

        assertThat(result.tenants()).extracting(TenantResult::outcome)
                .containsExactly(TenantOutcome.FAILED, TenantOutcome.SKIPPED, TenantOutcome.SKIPPED);
        assertThat(result.succeeded()).isFalse();
        assertThat(Sql.tableExists(database, "t2.tb_confiture")).isFalse();
    }

    @Test
    void eachTenantHasItsOwnLockSoTenantsRunAtTheSameTime(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE public.tenant_runs (tenant text, started timestamptz, ended timestamptz)");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_slow.up.sql",
                "CREATE TABLE tb_widget (started timestamptz DEFAULT clock_timestamp());\n"
                        + "INSERT INTO tb_widget DEFAULT VALUES;\n"
                        + "SELECT pg_sleep(0.5);\n"
                        + "INSERT INTO public.tenant_runs SELECT current_schema(), started, clock_timestamp() FROM tb_widget;");
        List<String> schemas = List.of("p1", "p2", "p3", "p4");

        TenantRunResult result = tenants(files, database, TenantSettings.of(schemas).withParallelism(4)).migrate();

        assertThat(result.summary().migrated()).isEqualTo(4);
        assertThat(Sql.column(database, "SELECT tenant FROM public.tenant_runs ORDER BY 1")).containsExactlyElementsOf(schemas);
        assertThat(Sql.scalar(database, "SELECT max(started) < min(ended) FROM public.tenant_runs"))
                .as("every tenant started before any finished: they ran at the same time").isEqualTo("t");
    }

    private MigrationDirectory twentyMigrations() {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_create_widget.up.sql",
                "CREATE TABLE tb_widget (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                        + "pk_widget BIGINT GENERATED ALWAYS AS IDENTITY, name TEXT);");
        for (int version = 2; version <= 20; version++) {
            files.write(String.format("%03d_widget_%d.up.sql", version, version),
                    "ALTER TABLE tb_widget ADD COLUMN c_" + version + " int;\n"
                            + "INSERT INTO tb_widget (name) VALUES ('w" + version + "');");
        }
        return files;
    }

    private static TenantMigrations tenants(MigrationDirectory files, TestDatabase database, TenantSettings settings) {
        return new TenantMigrations(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations(files.location()).build(), settings);
    }
}
