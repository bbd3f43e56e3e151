package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PgBouncer;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The safety promises at the edges, as an operator meets them: {@code java -jar confiture-cli.jar} processes against
 * a real PostgreSQL, each case as it was found in a hostile trial of the command line.
 */
@ExtendWith(PostgresExtension.class)
class SafetyCliIT {

    private static final String NON_TRANSACTIONAL = "-- confiture: transactional=false\n";

    @TempDir
    Path project;

    private Path migrations;

    private CliProcess cli;

    @BeforeEach
    void project() throws IOException {
        migrations = Files.createDirectories(project.resolve("db/migrations"));
        cli = new CliProcess(project);
    }

    @Test
    void aSecondMigratorNeverRunsAStatementAgainWhileTheServersIdleTimeoutsAreShort(TestDatabase database)
            throws Exception {
        execute(database, "ALTER DATABASE " + database.name() + " SET idle_session_timeout = '1500ms'");
        execute(database, "ALTER DATABASE " + database.name() + " SET idle_in_transaction_session_timeout = '500ms'");
        write("001_steps.up.sql", NON_TRANSACTIONAL + "CREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                + "SELECT pg_sleep(4);\nINSERT INTO s VALUES ('s3');\n");

        CliProcess.Started first = cli.start(List.of(), env(database), "migrate", "up");
        awaitActive(database, "pg_sleep(4)");
        Thread.sleep(1700);
        CliProcess.Run second = cli.run(List.of(), env(database), "migrate", "up");

        first.await().expect(ExitCodes.OK);
        second.expect(ExitCodes.OK);
        assertThat(column(database, "SELECT step FROM s ORDER BY step")).containsExactly("s1", "s3");
    }

    @Test
    void aMigratorWhoseLockSessionIsTerminatedStopsWithLockLostAndTheNextOneRunsTheRestOnce(TestDatabase database)
            throws Exception {
        write("001_steps.up.sql", NON_TRANSACTIONAL + "CREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                + "SELECT pg_sleep(3);\nINSERT INTO s VALUES ('s3');\n");

        CliProcess.Started first = cli.start(List.of(), env(database), "migrate", "up");
        awaitActive(database, "pg_sleep(3)");
        assertThat(scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND granted AND objsubid = 1")).isEqualTo("1");
        CliProcess.Run second = cli.run(List.of(), env(database), "migrate", "up");

        CliProcess.Run lost = first.await().expect(ExitCodes.FAILURE);
        assertThat(lost.err()).contains("error: [LOCK_LOST]", "before the commit of statement 3 of 4 of 001_steps",
                "SQLSTATE 57P01", "pg_terminate_backend");
        second.expect(ExitCodes.OK);
        assertThat(column(database, "SELECT step FROM s ORDER BY step")).containsExactly("s1", "s3");
    }

    @Test
    void aSignalCancelsTheRunningStatementRecordsWhereTheRunStoppedAndTheNextRunResumesThere(TestDatabase database)
            throws Exception {
        execute(database, "CREATE TABLE go (slow boolean); INSERT INTO go VALUES (true)");
        write("001_steps.up.sql", NON_TRANSACTIONAL + "CREATE TABLE s (step text);\nINSERT INTO s VALUES ('s1');\n"
                + "SELECT pg_sleep(60) FROM go WHERE slow;\nINSERT INTO s VALUES ('s3');\n");

        CliProcess.Started first = cli.start(List.of(), env(database), "migrate", "up", "--format", "json");
        awaitActive(database, "pg_sleep(60)");
        first.process().destroy(); // SIGTERM, as a deploy job's timeout or Ctrl-C sends
        CliProcess.Run stopped = first.await().expect(ExitCodes.FAILURE);

        assertThat(stopped.err()).contains("cancelling the running statement", "canceling statement due to user request",
                "nothing is wrong with it");
        assertThat(stopped.json().get("error").get("exit_code").asInt()).as("the code the process ended with")
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' "
                + "AND state = 'active' AND pid <> pg_backend_pid()")).as("nothing left running on the server")
                .isEqualTo("0");
        assertThat(scalar(database, "SELECT details->>'completed_statements' FROM tb_confiture_event "
                + "WHERE kind = 'migrate' AND status = 'failed'")).isEqualTo("2");
        execute(database, "UPDATE go SET slow = false");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        assertThat(column(database, "SELECT step FROM s ORDER BY step")).containsExactly("s1", "s3");
    }

    @Test
    void whatAMigrationSetsDoesNotLeakIntoTheNextOne(TestDatabase database) throws Exception {
        String role = "cli_limited_" + Long.toHexString(System.nanoTime());
        execute(database, "CREATE ROLE " + role + " NOLOGIN");
        try {
            write("001_settings.up.sql", "CREATE SCHEMA other;\nSET search_path = other;\nSET ROLE " + role + ";\n"
                    + "SET statement_timeout = '100ms';\n");
            write("002_table.up.sql", "CREATE TABLE t2 (x int);\nSELECT pg_sleep(0.3);\n");

            cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);

            String user = scalar(database, "SELECT session_user");
            assertThat(scalar(database, "SELECT n.nspname || ' ' || pg_get_userbyid(c.relowner) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 't2'")).isEqualTo("public " + user);
            assertThat(column(database, "SELECT DISTINCT applied_by FROM tb_confiture")).containsExactly(user);
        }
        finally {
            execute(database, "DROP OWNED BY " + role);
            execute(database, "DROP ROLE " + role);
        }
    }

    @Test
    void aFilesOwnTransactionIsHonouredAndStatementsAreNumberedAsInTheFile(TestDatabase database) throws Exception {
        write("001_block.up.sql", NON_TRANSACTIONAL
                + "CREATE TABLE t (x int);\nBEGIN;\nINSERT INTO t VALUES (1);\nSELECT 1/0;\nCOMMIT;\n");

        CliProcess.Run up = cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.FAILURE);

        assertThat(up.err()).contains("[MIGRATION_FAILED] Migration 001_block failed at statement 4 of 5 (SELECT 1/0)",
                "001_block.up.sql, line 5");
        assertThat(scalar(database, "SELECT count(*) FROM t")).isEqualTo("0");
    }

    @Test
    void anUnnamedIndexLeftInvalidOnASchemaQualifiedTableIsDroppedAndBuiltOnce(TestDatabase database) throws Exception {
        write("001_table.up.sql", "CREATE SCHEMA s;\nCREATE TABLE s.t (a int);\nINSERT INTO s.t VALUES (1), (1);\n");
        write("002_index.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY ON s.t (a);\n");

        CliProcess.Run failed = cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.FAILURE);
        assertThat(failed.err()).contains("23505", "The INVALID index s.t_a_idx the failed statement left behind was dropped");
        assertThat(scalar(database, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isEqualTo("0");

        execute(database, "DELETE FROM s.t WHERE ctid <> (SELECT min(ctid) FROM s.t)");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        assertThat(column(database, "SELECT c.relname || ' ' || i.indisvalid FROM pg_index i JOIN pg_class c "
                + "ON c.oid = i.indexrelid WHERE i.indrelid = 's.t'::regclass")).containsExactly("t_a_idx true");
    }

    @Test
    void anEnvironmentFileNamedOtherwiseDoesNotBypassTheApprovalOfProduction(TestDatabase database) throws Exception {
        write("001_risky.up.sql", "-- confiture: approval=required\nCREATE TABLE risky (x int);\n");
        Files.writeString(Files.createDirectories(project.resolve("db/environments")).resolve("production.yaml"),
                "name: prod-eu\n");

        CliProcess.Run up = cli.run(List.of(), env(database), "-e", "production", "migrate", "up")
                .expect(ExitCodes.FAILURE);

        assertThat(up.err()).contains("[APPROVAL_REQUIRED] Environment 'prod-eu' (selected as 'production')",
                "confiture migrate approve VERSION");
        assertThat(scalar(database, "SELECT to_regclass('risky') IS NULL")).isEqualTo("t");

        Files.writeString(project.resolve("db/environments/live.yaml"), "name: live\n");
        assertThat(cli.run(List.of(), env(database), "-e", "live", "--approval-environments", "live,staging", "migrate",
                "up").expect(ExitCodes.FAILURE).err()).contains("[APPROVAL_REQUIRED] Environment 'live'");
        java.util.Map<String, String> gated = env(database);
        gated.put("CONFITURE_APPROVAL_ENVIRONMENTS", "Live");
        assertThat(cli.run(List.of(), gated, "-e", "live", "migrate", "up", "--dry-run").expect(ExitCodes.FAILURE).err())
                .contains("[APPROVAL_REQUIRED]", "The dry run ran nothing");
        assertThat(scalar(database, "SELECT to_regclass('risky') IS NULL")).isEqualTo("t");
    }

    @Test
    void anInvalidFileIsNeverUpToDateAndFailsTheGate(TestDatabase database) throws Exception {
        write("001_a.up.sql", "CREATE TABLE a (x int);\n");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        write("002_b.UP.sql", "CREATE TABLE b (x int);\n");

        JsonNode status = cli.run(List.of(), env(database), "migrate", "status", "--format", "json").json();
        assertThat(status.get("summary").get("pending").asInt()).isZero();
        assertThat(status.get("summary").get("up_to_date").asBoolean()).isFalse();
        assertThat(status.get("problems").get(0).get("code").asString()).isEqualTo("INVALID_MIGRATION_NAME");
        cli.run(List.of(), env(database), "migrate", "status", "--fail-on-pending").expect(ExitCodes.FAILURE);
    }

    @Test
    void failuresOfACommandAskedForJsonAreJsonOnStdout(TestDatabase database) throws Exception {
        write("001_bad.up.sql", "CREATE TABLE t (x int);\nSELECT 1/0;\n");

        CliProcess.Run up = cli.run(List.of(), env(database), "migrate", "up", "--format", "json")
                .expect(ExitCodes.FAILURE);

        JsonNode error = up.json().get("error");
        assertThat(error.get("code").asString()).isEqualTo("MIGRATION_FAILED");
        assertThat(error.get("location").get("line").asInt()).isEqualTo(2);
        assertThat(error.get("exit_code").asInt()).isEqualTo(ExitCodes.FAILURE);
        assertThat(up.err()).contains("error: [MIGRATION_FAILED]");
    }

    @Test
    void aFileTooLargeForTheHeapIsOneLineNamingTheHeapItNeeds(TestDatabase database) throws Exception {
        String padding = "-- padding to make this file large, as generated files sometimes are\n";
        Files.writeString(migrations.resolve("001_big.up.sql"), padding.repeat((30 * 1024 * 1024) / padding.length())
                + "SELECT 1;\n");

        CliProcess.Run up = cli.run(List.of("-Xmx200m"), env(database), "migrate", "up").expect(ExitCodes.FAILURE);

        assertThat(up.err().strip().lines()).singleElement().asString()
                .startsWith("error: [FILE_TOO_LARGE] Migration file").contains("30.0 MiB", "-Xmx");
    }

    @Test
    void outOfOrderNamesTheFlagAndTheFlagAppliesIt(TestDatabase database) throws Exception {
        write("002_b.up.sql", "CREATE TABLE b (x int);\n");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        write("001_a.up.sql", "CREATE TABLE a (x int);\n");

        CliProcess.Run refused = cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("[OUT_OF_ORDER]", "--out-of-order").doesNotContain("confiture.out-of-order");

        cli.run(List.of(), env(database), "migrate", "up", "--out-of-order").expect(ExitCodes.OK);
        assertThat(scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("2");
    }

    @Test
    void aNonTransactionalDownThatFailsPartWayListsWhatRanAndRepairKeepsTheMigration(TestDatabase database)
            throws Exception {
        write("001_t.up.sql", "CREATE TABLE t (x int);\nCREATE INDEX t_x ON t (x);\n");
        write("001_t.down.sql", "DROP INDEX CONCURRENTLY t_x;\nDROP TABLE gone;\nDROP TABLE t;\n");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);

        CliProcess.Run down = cli.run(List.of(), env(database), "migrate", "down").expect(ExitCodes.FAILURE);
        assertThat(down.err()).contains("failed at statement 2 of 3 (DROP TABLE gone)",
                "Statements [1] of the down already ran", "confiture migrate repair");

        CliProcess.Run repair = cli.run(List.of(), env(database), "migrate", "repair").expect(ExitCodes.OK);
        assertThat(repair.out()).contains("repaired 001_t: kept applied");
        JsonNode status = cli.run(List.of(), env(database), "migrate", "status", "--format", "json").json();
        assertThat(status.get("migrations").get(0).get("status").asString()).isEqualTo("applied");
    }

    @Test
    void sixConcurrentMigratorsThroughPgBouncerInTransactionModeApplyEachMigrationOnceAndLeaveNoLock(
            TestDatabase database) throws Exception {
        String unavailable = PgBouncer.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        write("000_log.up.sql", "CREATE TABLE applied_log (version int NOT NULL);\n");
        for (int version = 1; version <= 30; version++) {
            write(String.format("%03d_step.up.sql", version), ((version % 10 == 0) ? NON_TRANSACTIONAL : "")
                    + "CREATE TABLE t_" + version + " (x int);\nINSERT INTO applied_log VALUES (" + version + ");\n");
        }
        try (PgBouncer bouncer = PgBouncer.start(database, 4)) {
            Map<String, String> pooled = Map.of("CONFITURE_URL", bouncer.jdbcUrl(), "CONFITURE_USER", database.user());
            List<CliProcess.Started> migrators = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                migrators.add(cli.start(List.of(), pooled, "migrate", "up"));
            }
            for (CliProcess.Started migrator : migrators) {
                migrator.await().expect(ExitCodes.OK);
            }
            assertThat(scalar(database, "SELECT count(*) || ' ' || count(DISTINCT version) FROM applied_log"))
                    .as("pgbouncer log:%n%s", bouncer.log()).isEqualTo("30 30");
            assertThat(scalar(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
        }
    }

    private Map<String, String> env(TestDatabase database) {
        return CliProcess.environment(database);
    }

    private void write(String fileName, String content) throws IOException {
        Files.writeString(migrations.resolve(fileName), content);
    }

    private static void awaitActive(TestDatabase database, String query) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!"0".equals(scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    + "AND query LIKE '%" + query + "%' AND pid <> pg_backend_pid()"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(query + " never ran");
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String scalar(TestDatabase database, String sql) throws SQLException {
        List<String> values = column(database, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static List<String> column(TestDatabase database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
