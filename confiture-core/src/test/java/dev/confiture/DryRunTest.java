package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.dryrun.DryRunMigration;
import dev.confiture.dryrun.DryRunOutcome;
import dev.confiture.dryrun.DryRunResult;
import dev.confiture.dryrun.DryRunner;
import dev.confiture.dryrun.HeldLock;
import dev.confiture.execution.MigrateResult;
import dev.confiture.lock.MigrationLock;
import dev.confiture.migration.Migration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run against a real PostgreSQL: real times and locks, and nothing left behind.
 */
@ExtendWith(PostgresExtension.class)
class DryRunTest {

    /**
     * What "nothing left behind" compares: the relations, columns, indexes, constraints, functions and
     * schemas outside PostgreSQL's own schemas.
     */
    private static final String CATALOG = String.join(" UNION ALL ",
            "SELECT 'schema', nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
            "SELECT 'relation', n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'",
            "SELECT 'column', table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' '"
                    + " || is_nullable || ' ' || coalesce(column_default, '') FROM information_schema.columns "
                    + "WHERE table_schema NOT LIKE 'pg\\_%' AND table_schema <> 'information_schema'",
            "SELECT 'index', schemaname || ' ' || indexdef FROM pg_indexes "
                    + "WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'",
            "SELECT 'constraint', n.nspname || '.' || co.conname || ' ' || pg_get_constraintdef(co.oid) "
                    + "FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace "
                    + "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'",
            "SELECT 'function', n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '"
                    + " || md5(coalesce(p.prosrc, '')) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'")
            + " ORDER BY 1, 2";

    private static final String TRACKING_ROWS = "SELECT id, version, slug, checksum, applied_at FROM tb_confiture "
            + "ORDER BY pk_confiture";

    @TempDir
    Path directory;

    @Test
    void everyMigrationOfADryRunStartsFromTheSameSessionAsInMigrate(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE SCHEMA s1;\nSET search_path = s1, public;\n")
                .write("002_b.up.sql", "CREATE TABLE x (i int);\n")
                .write("003_c.up.sql", "INSERT INTO public.x VALUES (1);\n");

        assertThat(files.confiture(database).dryRun().succeeded()).isTrue();
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(3);
    }

    @Test
    void sleepAndAlterTableReportTheRealTimeAndTheAccessExclusiveLockAndLeaveTheCatalogUnchanged(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_user.up.sql", "CREATE TABLE tb_user (id int PRIMARY KEY, name text);");
        files.confiture(database).migrate();
        files.write("002_slow_alter.up.sql", "SELECT pg_sleep(0.2);\n"
                + "ALTER TABLE tb_user ADD COLUMN email text NOT NULL DEFAULT 'none';\n");
        List<List<String>> catalogBefore = Sql.rows(database, CATALOG);
        List<List<String>> trackingBefore = Sql.rows(database, TRACKING_ROWS);

        DryRunResult result = files.confiture(database).dryRun();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.migrations()).singleElement().satisfies(migration -> {
            assertThat(migration.slug()).isEqualTo("002_slow_alter");
            assertThat(migration.version()).isEqualTo("002");
            assertThat(migration.name()).isEqualTo("slow_alter");
            assertThat(migration.outcome()).isEqualTo(DryRunOutcome.ROLLED_BACK);
            assertThat(migration.reason()).isNull();
            assertThat(migration.error()).isNull();
            assertThat(migration.executionTimeMs()).isGreaterThanOrEqualTo(200);
            assertThat(migration.locks()).contains(new HeldLock("relation", "public.tb_user", "AccessExclusiveLock"));
            assertThat(migration.locks()).extracting(HeldLock::relation).doesNotContain("pg_catalog.pg_locks");
            assertThat(migration.statements()).containsExactly("SELECT pg_sleep(0.2)",
                    "ALTER TABLE tb_user ADD COLUMN email text NOT NULL DEFAULT 'none'");
        });
        assertThat(result.totalTimeMs()).isGreaterThanOrEqualTo(result.migrations().get(0).executionTimeMs());
        assertThat(Sql.rows(database, CATALOG)).isEqualTo(catalogBefore);
        assertThat(Sql.rows(database, TRACKING_ROWS)).isEqualTo(trackingBefore);
        assertThat(Sql.rows(database, "SELECT status, details->>'total', details->>'rolled_back', "
                + "details->'migrations'->0->>'slug', details->'migrations'->0->>'outcome', "
                + "(details->'migrations'->0->>'execution_time_ms')::int >= 200, error IS NULL "
                + "FROM tb_confiture_event WHERE kind = 'dry_run'"))
                .containsExactly(List.of("succeeded", "1", "1", "002_slow_alter", "rolled_back", "t", "t"));
    }

    @Test
    void aMigrationThatOnlySelectsTakesAnAccessShareLock(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_user.up.sql", "CREATE TABLE tb_user (id int PRIMARY KEY, name text);");
        files.confiture(database).migrate();
        files.write("002_count.up.sql", "SELECT count(*) FROM tb_user;");

        DryRunMigration migration = files.confiture(database).dryRun().migrations().get(0);

        assertThat(migration.outcome()).isEqualTo(DryRunOutcome.ROLLED_BACK);
        assertThat(migration.locks()).contains(new HeldLock("relation", "public.tb_user", "AccessShareLock"));
        assertThat(migration.locks()).extracting(HeldLock::mode).containsOnly("AccessShareLock");
    }

    @Test
    void eachMigrationReportsTheLocksItNewlyTookNotTheOnesAnEarlierMigrationOfTheDryRunHolds(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_user.up.sql", "CREATE TABLE tb_user (id int PRIMARY KEY, name text);");
        files.confiture(database).migrate();
        files.write("002_alter.up.sql", "ALTER TABLE tb_user ADD COLUMN email text;")
                .write("003_alter_again.up.sql", "ALTER TABLE tb_user ADD COLUMN phone text;")
                .write("004_other.up.sql", "CREATE TABLE tb_other (id int);\nLOCK TABLE tb_user IN SHARE MODE;");

        List<DryRunMigration> migrations = files.confiture(database).dryRun().migrations();

        HeldLock exclusive = new HeldLock("relation", "public.tb_user", "AccessExclusiveLock");
        assertThat(migrations).extracting(DryRunMigration::outcome).containsOnly(DryRunOutcome.ROLLED_BACK);
        assertThat(migrations.get(0).locks()).contains(exclusive);
        assertThat(migrations.get(1).locks()).doesNotContain(exclusive);
        assertThat(migrations.get(2).locks()).contains(new HeldLock("relation", "public.tb_other", "AccessExclusiveLock"),
                new HeldLock("relation", "public.tb_user", "ShareLock"));
        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = 'tb_user'"))
                .containsExactlyInAnyOrder("id", "name");
    }

    @Test
    void locksOnDifferentObjectsOfOneModeAreToldApart(TestDatabase database) {
        Sql.execute(database, "CREATE SCHEMA app");
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_public.up.sql", "CREATE TABLE public.tb_a (x int);")
                .write("002_app.up.sql", "CREATE TABLE app.tb_b (x int);");

        List<DryRunMigration> migrations = files.confiture(database).dryRun().migrations();

        HeldLock schemaLock = new HeldLock("object", null, "AccessShareLock");
        assertThat(migrations.get(0).locks()).contains(schemaLock);
        assertThat(migrations.get(1).locks()).as("the lock on schema app is not the lock on schema public")
                .contains(schemaLock, new HeldLock("relation", "app.tb_b", "AccessExclusiveLock"));
    }

    @Test
    void aDroppedTableIsNamedByItsOid(TestDatabase database) {
        Sql.execute(database, "CREATE TABLE tb_old (x int)");
        String oid = Sql.scalar(database, "SELECT 'tb_old'::regclass::oid::text");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_drop.up.sql", "DROP TABLE tb_old;");

        DryRunMigration migration = files.confiture(database).dryRun().migrations().get(0);

        assertThat(migration.locks()).contains(new HeldLock("relation", oid, "AccessExclusiveLock"));
        assertThat(Sql.tableExists(database, "tb_old")).isTrue();
    }

    @Test
    void aNonTransactionalMigrationIsListedAsNotDryRunnableWithTheReasonAndTheOthersStillRun(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE tb_item (id int PRIMARY KEY, name text);")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY idx_item_name ON tb_item (name);")
                .write("003_declared.up.sql", "-- confiture: transactional=false\nCREATE TABLE tb_declared (x int);")
                .write("004_insert.up.sql", "INSERT INTO tb_item VALUES (1, 'one');")
                .write("005_index.up.sql", "CREATE INDEX CONCURRENTLY idx_item_id_name ON tb_item (id, name);")
                .write("006_alter.up.sql", "ALTER TABLE tb_item ADD COLUMN price numeric;");

        DryRunResult result = files.confiture(database).dryRun();

        assertThat(result.succeeded()).as("not dry-runnable is not a failure").isTrue();
        assertThat(result.migrations()).extracting(DryRunMigration::slug, DryRunMigration::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("001_table", DryRunOutcome.ROLLED_BACK),
                org.assertj.core.groups.Tuple.tuple("002_index", DryRunOutcome.NOT_DRY_RUNNABLE),
                org.assertj.core.groups.Tuple.tuple("003_declared", DryRunOutcome.NOT_DRY_RUNNABLE),
                org.assertj.core.groups.Tuple.tuple("004_insert", DryRunOutcome.ROLLED_BACK),
                org.assertj.core.groups.Tuple.tuple("005_index", DryRunOutcome.NOT_DRY_RUNNABLE),
                org.assertj.core.groups.Tuple.tuple("006_alter", DryRunOutcome.ROLLED_BACK));
        DryRunMigration index = result.migrations().get(1);
        assertThat(index.reason()).contains("CREATE INDEX CONCURRENTLY", "transaction block");
        assertThat(index.executionTimeMs()).isZero();
        assertThat(index.locks()).isEmpty();
        assertThat(index.statements()).containsExactly("CREATE INDEX CONCURRENTLY idx_item_name ON tb_item (name)");
        assertThat(result.migrations().get(2).reason()).contains("transactional=false");
        assertThat(Sql.rows(database, CATALOG)).containsExactly(List.of("schema", "public"));
    }

    @Test
    void aFailingMigrationIsReportedWithLineAndColumnAndTheLaterOnesAreSkippedWithNothingLeftBehind(
            TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_base.up.sql", "CREATE TABLE tb_base (id int);");
        files.confiture(database).migrate();
        files.write("002_ok.up.sql", "CREATE TABLE tb_ok (x int);\nINSERT INTO tb_base VALUES (1);")
                .write("003_broken.up.sql", String.join("\n",
                        "-- a migration with a typo",
                        "CREATE TABLE first_part (id int);",
                        "",
                        "INSERT INTO first_part VALUES (1);",
                        "",
                        "CREATE TABLE second_part (",
                        "    id int,, name text",
                        ");",
                        ""))
                .write("004_later.up.sql", "CREATE TABLE tb_later (x int);");
        List<List<String>> catalogBefore = Sql.rows(database, CATALOG);
        List<List<String>> trackingBefore = Sql.rows(database, TRACKING_ROWS);

        DryRunResult result = files.confiture(database).dryRun();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.migrations()).extracting(DryRunMigration::outcome).containsExactly(DryRunOutcome.ROLLED_BACK,
                DryRunOutcome.FAILED, DryRunOutcome.SKIPPED);
        DryRunMigration broken = result.migrations().get(1);
        assertThat(broken.error()).contains("syntax error", "SQLSTATE 42601");
        assertThat(broken.errorLocation()).isNotNull();
        assertThat(broken.errorLocation().source()).endsWith("003_broken.up.sql");
        assertThat(broken.errorLocation().line()).isEqualTo(7);
        assertThat(broken.errorLocation().column()).isEqualTo(12);
        assertThat(broken.locks()).isEmpty();
        assertThat(broken.statements()).hasSize(3);
        DryRunMigration later = result.migrations().get(2);
        assertThat(later.reason()).isEqualTo(DryRunner.SKIPPED_AFTER_FAILURE)
                .isEqualTo("an earlier migration failed in the dry run");
        assertThat(later.statements()).containsExactly("CREATE TABLE tb_later (x int)");
        assertThat(Sql.rows(database, CATALOG)).isEqualTo(catalogBefore);
        assertThat(Sql.rows(database, TRACKING_ROWS)).isEqualTo(trackingBefore);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_base")).isEqualTo("0");
        assertThat(Sql.rows(database, "SELECT status, details->>'failed', details->>'skipped', error FROM "
                + "tb_confiture_event WHERE kind = 'dry_run'")).singleElement().satisfies(row -> {
                    assertThat(row.subList(0, 3)).containsExactly("failed", "1", "1");
                    assertThat(row.get(3)).contains("003_broken", "line 7", "syntax error");
                });
        assertThat(files.confiture(database).status().migration("003").orElseThrow().status().value())
                .as("a failed dry run is not a failed migration").isEqualTo("pending");
    }

    @Test
    void aFailureAfterANotDryRunnableMigrationSaysItsChangesAreMissing(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE tb_item (id int PRIMARY KEY);")
                .write("002_declared.up.sql", "-- confiture: transactional=false\nALTER TABLE tb_item ADD COLUMN name text;")
                .write("003_uses_it.up.sql", "UPDATE tb_item SET name = 'x';");

        List<DryRunMigration> migrations = new MigrationDirectory(directory).confiture(database).dryRun().migrations();

        assertThat(migrations).extracting(DryRunMigration::outcome).containsExactly(DryRunOutcome.ROLLED_BACK,
                DryRunOutcome.NOT_DRY_RUNNABLE, DryRunOutcome.FAILED);
        assertThat(migrations.get(2).error()).contains("42703", "002_declared could not be dry-run");
    }

    @Test
    void aMigrationSeesWhatTheEarlierPendingMigrationsOfTheDryRunDid(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create.up.sql", "CREATE TABLE tb_note (n int);")
                .write("002_insert.up.sql", "INSERT INTO tb_note VALUES (1), (2);")
                .write("003_check.up.sql", "DO $$ BEGIN IF (SELECT count(*) FROM tb_note) <> 2 THEN "
                        + "RAISE EXCEPTION 'expected two rows'; END IF; END $$;");

        DryRunResult result = files.confiture(database).dryRun();

        assertThat(result.migrations()).extracting(DryRunMigration::outcome).containsOnly(DryRunOutcome.ROLLED_BACK);
        assertThat(result.migrations().get(0).locks())
                .contains(new HeldLock("relation", "public.tb_note", "AccessExclusiveLock"));
        assertThat(result.migrations().get(1).locks()).as("a mode 001 did not hold yet is a lock 002 takes")
                .contains(new HeldLock("relation", "public.tb_note", "RowExclusiveLock"))
                .doesNotContain(new HeldLock("relation", "public.tb_note", "AccessExclusiveLock"));
        assertThat(Sql.tableExists(database, "tb_note")).isFalse();
    }

    @Test
    void aDryRunOnABrandNewDatabaseCreatesNothingAndAMigrateAfterwardsStillAppliesEverything(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create.up.sql", "CREATE SCHEMA app;\nCREATE TABLE app.tb_note (n serial PRIMARY KEY, t text);\n"
                        + "CREATE FUNCTION app.fn_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.tb_note';")
                .write("002_insert.up.sql", "INSERT INTO app.tb_note (t) VALUES ('a'), ('b');");
        List<List<String>> catalogBefore = Sql.rows(database, CATALOG);

        DryRunResult result = files.confiture(database).dryRun();

        assertThat(result.migrations()).extracting(DryRunMigration::outcome).containsOnly(DryRunOutcome.ROLLED_BACK);
        assertThat(catalogBefore).as("a new database has no schema of its own but public")
                .containsExactly(List.of("schema", "public"));
        assertThat(Sql.rows(database, CATALOG)).isEqualTo(catalogBefore);
        assertThat(Sql.tableExists(database, "public.tb_confiture")).isFalse();
        assertThat(Sql.tableExists(database, "public.tb_confiture_event")).isFalse();

        MigrateResult migrated = files.confiture(database).migrate();

        assertThat(migrated.applied()).extracting("slug").containsExactly("001_create", "002_insert");
        assertThat(Sql.scalar(database, "SELECT app.fn_count()")).isEqualTo("2");
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture ORDER BY pk_confiture"))
                .containsExactly("001", "002");
        assertThat(files.confiture(database).dryRun().migrations()).as("nothing is pending any more").isEmpty();
        assertThat(Sql.rows(database, "SELECT status, details->>'total' FROM tb_confiture_event WHERE kind = 'dry_run'"))
                .as("only the dry run made while the event log exists is recorded")
                .containsExactly(List.of("succeeded", "0"));
    }

    @Test
    void eachMigrationRunsWithItsOwnTimeoutsAsLocalSettings(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_header.up.sql", "-- confiture: lock-timeout=1234ms statement-timeout=5s\n"
                        + expectSetting("lock_timeout", "1234ms") + "\n" + expectSetting("statement_timeout", "5s"))
                .write("002_default.up.sql", expectSetting("lock_timeout", "7s") + "\n"
                        + expectSetting("statement_timeout", "0"))
                .write("003_slow.up.sql", "-- confiture: statement-timeout=100ms\nSELECT pg_sleep(2);");

        DryRunResult result = files.confiture(database, builder -> builder.lockTimeout(Duration.ofSeconds(7))).dryRun();

        assertThat(result.migrations()).extracting(DryRunMigration::outcome).containsExactly(DryRunOutcome.ROLLED_BACK,
                DryRunOutcome.ROLLED_BACK, DryRunOutcome.FAILED);
        assertThat(result.migrations().get(2).error()).contains("57014");
        assertThat(result.migrations().get(2).errorLocation().line()).isEqualTo(2);
    }

    @Test
    void javaMigrationsAreDryRunToo(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_create.up.sql", "CREATE TABLE tb_note (n int);");
        Migration insert = new JavaSql("2", "insert", "INSERT INTO tb_note VALUES (1)", false);

        DryRunResult result = confiture(database, files, insert).dryRun();

        assertThat(result.migrations()).extracting(DryRunMigration::outcome).containsExactly(DryRunOutcome.ROLLED_BACK,
                DryRunOutcome.ROLLED_BACK);
        assertThat(result.migrations().get(1).statements()).isEmpty();
        assertThat(result.migrations().get(1).locks()).containsExactly(
                new HeldLock("relation", "public.tb_note", "RowExclusiveLock"));
        assertThat(Sql.tableExists(database, "tb_note")).isFalse();
    }

    @Test
    void aJavaMigrationThatCommitsIsReportedAsAFailure(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        Migration committing = new JavaSql("1", "commits", "CREATE TABLE tb_committed (n int)", true);

        DryRunMigration migration = confiture(database, files, committing).dryRun().migrations().get(0);

        assertThat(migration.outcome()).isEqualTo(DryRunOutcome.FAILED);
        assertThat(migration.error()).contains("ended the dry run's transaction");
        assertThat(migration.errorLocation()).isNull();
        assertThat(Sql.tableExists(database, "tb_committed")).as("what a migration commits stays committed").isTrue();
    }

    @Test
    void theDryRunHoldsTheMigrationLock(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");

        try (MigrationLock held = MigrationLock.acquire(database.dataSource(), new TableName("public", "tb_confiture"),
                Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockWait(Duration.ofMillis(200))).dryRun())
                    .isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LOCK_WAIT_TIMEOUT));
        }
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void aDryRunIsRefusedLikeMigrateWhenAFileIsBadOrTheTargetIsUnknown(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("1_again.up.sql", "CREATE TABLE b (x int);");

        assertThatThrownBy(() -> files.confiture(database).dryRun()).isInstanceOf(ConfitureException.class)
                .hasMessageContaining("1_again");

        MigrationDirectory good = new MigrationDirectory(directory.resolve("good")).write("1_a.up.sql", "CREATE TABLE a (x int);");
        assertThatThrownBy(() -> good.confiture(database, builder -> builder.target("9")).dryRun())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_VERSION));
        assertThat(Sql.rows(database, CATALOG)).containsExactly(List.of("schema", "public"));
    }

    @Test
    void theTargetAndOutOfOrderSelectWhatMigrateWouldApply(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("3_c.up.sql", "CREATE TABLE c (x int);");
        files.confiture(database).migrate();
        files.write("2_b.up.sql", "CREATE TABLE b (x int);")
                .write("4_d.up.sql", "CREATE TABLE d (x int);")
                .write("5_e.up.sql", "CREATE TABLE e (x int);");

        assertThat(files.confiture(database, builder -> builder.validateOnMigrate(false).target("4")).dryRun()
                .migrations()).extracting(DryRunMigration::slug).containsExactly("4_d");
        assertThat(files.confiture(database, builder -> builder.outOfOrder(true)).dryRun().migrations())
                .extracting(DryRunMigration::slug).containsExactly("2_b", "4_d", "5_e");
        assertThatThrownBy(() -> files.confiture(database).dryRun()).isInstanceOfSatisfying(ConfitureException.class,
                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.OUT_OF_ORDER));
    }

    private static String expectSetting(String name, String value) {
        return "DO $$ BEGIN IF current_setting('" + name + "') <> '" + value + "' THEN RAISE EXCEPTION '" + name
                + " is %', current_setting('" + name + "'); END IF; END $$;";
    }

    private static Confiture confiture(TestDatabase database, MigrationDirectory files, Migration migration) {
        return new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations(files.location()).javaMigrations(List.of(migration)).build());
    }

    /** A Java migration that runs one statement, and commits when told to. */
    private record JavaSql(String version, String name, String sql, boolean commit) implements Migration {

        @Override
        public void up(Connection connection) throws Exception {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            if (commit) {
                connection.commit();
            }
        }
    }
}
