package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.lock.MigrationLock;
import dev.confiture.status.StatusJson;
import dev.confiture.testing.postgres.PgBouncer;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code java -jar target/confiture-cli.jar} as a separate process against a fresh embedded
 * PostgreSQL database, with migrations in a project laid out like upstream Confiture's, and checks
 * exit codes, JSON fields and human output of every command.
 */
@ExtendWith(PostgresExtension.class)
class ConfitureCliIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> STATUS_FIELDS = List.of("format_version", "tracking_table", "environment", "current",
            "total", "applied", "pending", "summary", "migrations", "pending_migrations", "problems", "hints", "repeatables",
            "held", "live_builds");

    private static final List<String> MIGRATION_FIELDS = List.of("id", "pk", "slug", "version", "name", "status",
            "applied_at", "execution_time_ms", "applied_by", "checksum", "risk", "impact", "duration_estimate", "approval",
            "transactional", "reversible", "analysis", "phase");

    private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    @TempDir
    Path project;

    private Path migrations;

    @BeforeEach
    void upstreamLayout() throws IOException {
        migrations = Files.createDirectories(project.resolve("db/migrations"));
        Files.createDirectories(project.resolve("db/environments"));
        write("001_create_account.up.sql", "-- confiture: risk=low, impact=safe, duration=1s\n"
                + "CREATE TABLE tb_account (id bigint PRIMARY KEY, email text);\n");
        write("001_create_account.down.sql", "DROP TABLE tb_account;\n");
        write("002_index_account_email.up.sql", "CREATE INDEX CONCURRENTLY idx_account_email ON tb_account (email);\n");
        write("002_index_account_email.down.sql", "DROP INDEX CONCURRENTLY IF EXISTS idx_account_email;\n");
        write("003_add_legacy_code.up.sql", "-- confiture: risk=high, impact=breaking, approval=required\n"
                + "ALTER TABLE tb_account ADD COLUMN legacy_code text;\n");
        write("003_add_legacy_code.down.sql", "ALTER TABLE tb_account DROP COLUMN legacy_code;\n");
    }

    @Test
    void tenantsAreMigratedAndReportedOneByOne(TestDatabase database) throws Exception {
        execute(database, "CREATE SCHEMA tenant_b; CREATE TABLE tenant_b.tb_account (blocking int)");

        CliProcess.Run up = cli(database, "migrate", "up", "--tenants", "tenant_a,tenant_b,tenant_c", "--parallelism", "2",
                "--format", "json");

        up.expect(ExitCodes.FAILURE);
        JsonNode result = up.json();
        assertThat(result.get("summary").toString())
                .isEqualTo("{\"total\":3,\"up_to_date\":0,\"migrated\":2,\"pending\":0,\"failed\":1,\"skipped\":0}");
        assertThat(result.get("tenants").get(1).get("schema").asString()).isEqualTo("tenant_b");
        assertThat(result.get("tenants").get(1).get("outcome").asString()).isEqualTo("failed");
        assertThat(result.get("tenants").get(1).get("error").asString()).contains("001_create_account", "already exists");
        assertThat(result.get("tenants").get(0).get("applied").asInt()).isEqualTo(3);

        CliProcess.Run status = cli(database, "migrate", "status", "--tenants", "tenant_a,tenant_c");
        status.expect(ExitCodes.OK);
        assertThat(status.out()).contains("up to date tenant_a", "up to date tenant_c", "2 tenant(s): 2 up to date");
        cli(database, "migrate", "up", "--tenants", "a", "--dry-run").expect(ExitCodes.USAGE);
    }

    @Test
    void statusJsonIsTheActuatorDocumentAndFailOnPendingGatesUntilUp(TestDatabase database) {
        CliProcess.Run before = cli(database, "migrate", "status", "--format", "json");

        before.expect(ExitCodes.OK);
        assertThat(before.out().strip()).isEqualTo(StatusJson.write(confiture(database).status()));
        JsonNode pending = before.json();
        assertThat(fieldNames(pending)).containsExactlyElementsOf(STATUS_FIELDS);
        assertThat(pending.get("format_version").asInt()).isEqualTo(1);
        assertThat(pending.get("tracking_table").asString()).isEqualTo("public.tb_confiture");
        assertThat(pending.get("environment").asString()).isEqualTo("default");
        assertThat(pending.get("current").isNull()).isTrue();
        assertThat(pending.get("total").asInt()).isEqualTo(3);
        assertThat(pending.get("applied").toString()).isEqualTo("[]");
        assertThat(pending.get("pending").toString()).isEqualTo("[\"001\",\"002\",\"003\"]");
        assertThat(pending.get("summary").toString())
                .isEqualTo("{\"applied\":0,\"pending\":3,\"failed\":0,\"total\":3,\"up_to_date\":false,\"held\":0}");
        assertThat(pending.get("pending_migrations")).hasSize(3);
        assertThat(pending.get("problems")).isEmpty();
        assertThat(pending.get("hints").get(0).asString()).contains("3 migration(s) pending");
        JsonNode first = pending.get("migrations").get(0);
        assertThat(fieldNames(first)).containsExactlyElementsOf(MIGRATION_FIELDS);
        assertThat(first.get("slug").asString()).isEqualTo("001_create_account");
        assertThat(first.get("status").asString()).isEqualTo("pending");
        assertThat(first.get("pk").isNull()).isTrue();
        assertThat(first.get("risk").asString()).isEqualTo("low");
        assertThat(first.get("impact").asString()).isEqualTo("safe");
        assertThat(first.get("duration_estimate").asString()).isEqualTo("PT1S");
        assertThat(pending.get("migrations").get(1).get("transactional").asBoolean()).isFalse();
        assertThat(pending.get("migrations").get(2).get("approval").asString()).isEqualTo("required");

        cli(database, "migrate", "status", "--fail-on-pending").expect(ExitCodes.PENDING);

        CliProcess.Run up = cli(database, "migrate", "up");
        up.expect(ExitCodes.OK);
        assertThat(up.out()).contains("3 migration(s) to apply", "applied 001_create_account in ",
                "applied 002_index_account_email in ", "(1 statement(s) in autocommit)", "applied 003_add_legacy_code in ",
                "Applied 3 migration(s)", "now at version 003 (was none)");
        assertThat(up.err()).isEmpty();

        CliProcess.Run gate = cli(database, "migrate", "status", "--fail-on-pending", "--format", "json");
        gate.expect(ExitCodes.OK);
        assertThat(gate.out().strip()).isEqualTo(StatusJson.write(confiture(database).status()));
        JsonNode applied = gate.json();
        assertThat(applied.get("current").asString()).isEqualTo("003");
        assertThat(applied.get("summary").get("up_to_date").asBoolean()).isTrue();
        JsonNode row = applied.get("migrations").get(0);
        assertThat(row.get("status").asString()).isEqualTo("applied");
        assertThat(row.get("pk").asLong()).isEqualTo(1);
        assertThat(row.get("applied_at").asString()).matches(ISO_UTC);
        assertThat(row.get("execution_time_ms").isIntegralNumber()).isTrue();
        assertThat(row.get("applied_by").asString()).isEqualTo(database.user());
        assertThat(row.get("checksum").asString()).matches("[0-9a-f]{64}");
        assertThat(row.get("reversible").asBoolean()).isTrue();

        assertThat(cli(database, "migrate", "status", "--format", "json", "--pretty").out()).contains("\n  \"format_version\" : 1");
        CliProcess.Run again = cli(database, "migrate", "up");
        again.expect(ExitCodes.OK);
        assertThat(again.out()).contains("Nothing to apply").contains("up to date at version 003");
    }

    @Test
    void theStatusTableHasAHeaderRowAndNoAnsiEscapesWhenNotOnATerminal(TestDatabase database) {
        cli(database, "migrate", "up", "--target", "001");

        CliProcess.Run table = cli(database, "migrate", "status");

        table.expect(ExitCodes.OK);
        assertThat(table.out()).doesNotContain("\u001B");
        List<String> lines = table.out().lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("VERSION +NAME +STATUS +RISK +APPLIED AT"));
        assertThat(lines).anyMatch(line -> line.matches("001 +create_account +applied +low +" + ISO_UTC));
        assertThat(lines).anyMatch(line -> line.matches("002 +index_account_email +pending +- +-"));
        assertThat(lines).anyMatch(line -> line.matches("003 +add_legacy_code +pending +high +-"));
        assertThat(table.out()).contains("1 applied, 2 pending, 0 failed, 3 total; current version 001",
                "approval required: 003_add_legacy_code");
    }

    @Test
    void dryRunReportsTimeAndLocksAsJsonAndAppliesNothing(TestDatabase database) throws SQLException {
        CliProcess.Run dryRun = cli(database, "migrate", "up", "--dry-run", "--format", "json");

        dryRun.expect(ExitCodes.OK);
        JsonNode json = dryRun.json();
        assertThat(fieldNames(json)).containsExactly("succeeded", "migrations", "total_time_ms");
        assertThat(json.get("succeeded").asBoolean()).isTrue();
        JsonNode created = json.get("migrations").get(0);
        assertThat(fieldNames(created)).containsExactly("id", "version", "name", "slug", "outcome", "reason",
                "execution_time_ms", "locks", "statements", "error", "error_location");
        assertThat(created.get("slug").asString()).isEqualTo("001_create_account");
        assertThat(created.get("outcome").asString()).isEqualTo("rolled_back");
        assertThat(created.get("execution_time_ms").isIntegralNumber()).isTrue();
        assertThat(created.get("locks").toString())
                .contains("{\"lock_type\":\"relation\",\"relation\":\"public.tb_account\",\"mode\":\"AccessExclusiveLock\"}");
        assertThat(created.get("statements").get(0).asString()).startsWith("CREATE TABLE tb_account");
        JsonNode concurrently = json.get("migrations").get(1);
        assertThat(concurrently.get("outcome").asString()).isEqualTo("not_dry_runnable");
        assertThat(concurrently.get("reason").asString()).contains("CONCURRENTLY");
        assertThat(tableExists(database, "tb_account")).isFalse();
        cli(database, "migrate", "status", "--fail-on-pending").expect(ExitCodes.PENDING);

        CliProcess.Run human = cli(database, "migrate", "up", "--dry-run");
        human.expect(ExitCodes.OK);
        assertThat(human.out()).contains("rolled back 001_create_account in ",
                "locks: ", "AccessExclusiveLock on public.tb_account", "not dry runnable 002_index_account_email",
                "nothing was applied");

        write("004_broken.up.sql", "ALTER TABLE tb_missing ADD COLUMN x int;\n");
        CliProcess.Run failing = cli(database, "migrate", "up", "--dry-run", "--format", "json");
        failing.expect(ExitCodes.FAILURE);
        JsonNode broken = failing.json().get("migrations").get(3);
        assertThat(failing.json().get("succeeded").asBoolean()).isFalse();
        assertThat(broken.get("outcome").asString()).isEqualTo("failed");
        assertThat(broken.get("error").asString()).contains("tb_missing");
        assertThat(broken.get("error_location").get("line").asInt()).isEqualTo(1);
    }

    @Test
    void downRevertsByStepsAndToATarget(TestDatabase database) throws SQLException {
        cli(database, "migrate", "up").expect(ExitCodes.OK);

        CliProcess.Run one = cli(database, "migrate", "down", "--steps", "1");
        one.expect(ExitCodes.OK);
        assertThat(one.out()).contains("reverted 003_add_legacy_code in ", "now at version 002");
        JsonNode status = cli(database, "migrate", "status", "--format", "json").json();
        assertThat(status.get("current").asString()).isEqualTo("002");
        assertThat(status.get("pending").toString()).isEqualTo("[\"003\"]");

        CliProcess.Run all = cli(database, "migrate", "down", "--target", "0", "--format", "json");
        all.expect(ExitCodes.OK);
        assertThat(all.json().get("reverted").findValuesAsString("slug"))
                .containsExactly("002_index_account_email", "001_create_account");
        assertThat(all.json().get("current_version").isNull()).isTrue();
        assertThat(tableExists(database, "tb_account")).isFalse();

        CliProcess.Run nothing = cli(database, "migrate", "down");
        nothing.expect(ExitCodes.FAILURE);
        assertThat(nothing.err()).contains("[UNKNOWN_VERSION]", "only 0 migration(s) are applied", "nothing was changed");
    }

    @Test
    void baselineMarksMigrationsAsAppliedWithoutRunningThem(TestDatabase database) throws SQLException {
        execute(database, "CREATE TABLE tb_account (id bigint PRIMARY KEY, email text)");

        CliProcess.Run baseline = cli(database, "migrate", "baseline", "--through", "002");

        baseline.expect(ExitCodes.OK);
        assertThat(baseline.out()).contains("marked as applied 001_create_account", "marked as applied 002_index_account_email",
                "2 migration(s) marked as applied");
        JsonNode status = cli(database, "migrate", "status", "--format", "json").json();
        assertThat(status.get("applied").toString()).isEqualTo("[\"001\",\"002\"]");
        assertThat(status.get("pending").toString()).isEqualTo("[\"003\"]");
        cli(database, "migrate", "up").expect(ExitCodes.OK);
        cli(database, "migrate", "baseline", "--through", "9").expect(ExitCodes.FAILURE);
    }

    @Test
    void approvalInProductionThroughTheEnvironmentFile(TestDatabase database) throws IOException {
        Files.writeString(project.resolve("db/environments/production.yaml"), "name: production\n"
                + "database_url: " + libpqUrl(database) + "\n");
        Map<String, String> environment = fileEnvironment(database);

        CliProcess.Run refused = cli(environment, "--env", "production", "migrate", "up");
        refused.expect(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("error: [APPROVAL_REQUIRED]", "'production'", "003_add_legacy_code",
                "confiture migrate approve");

        CliProcess.Run approve = cli(environment, "migrate", "approve", "003", "--by", "alice", "--env", "production");
        approve.expect(ExitCodes.OK);
        assertThat(approve.out()).contains("approved 003_add_legacy_code by alice");

        JsonNode status = cli(environment, "-e", "production", "migrate", "status", "--format", "json").json();
        assertThat(status.get("environment").asString()).isEqualTo("production");
        assertThat(status.get("migrations").get(2).get("approval").asString()).isEqualTo("approved");
        cli(environment, "-e", "production", "migrate", "up").expect(ExitCodes.OK);

        JsonNode history = cli(environment, "history", "--format", "json", "-e", "production").json();
        assertThat(history.get("events").findValuesAsString("environment")).containsOnly("production");
        assertThat(history.get("events").findValuesAsString("kind")).contains("approval", "run", "migrate");
    }

    @Test
    void anUpstreamEnvironmentFileGivesUrlTrackingTableAndLockWait(TestDatabase database) throws IOException, SQLException {
        Files.writeString(project.resolve("db/environments/test.yaml"), """
                # as upstream writes it; keys this tool does not know are ignored
                database_url: %s
                include_dirs:
                  - db/schema
                migration:
                  strict_mode: true
                  tracking_table: ops.tb_migrations
                  locking:
                    timeout_ms: 30000
                """.formatted(libpqUrl(database)));
        Map<String, String> environment = fileEnvironment(database);

        CliProcess.Run up = cli(environment, "--env", "test", "migrate", "up");
        up.expect(ExitCodes.OK);
        assertThat(up.out()).contains("Migrating ops.tb_migrations in environment test");

        JsonNode status = cli(environment, "migrate", "status", "--format", "json", "--env", "test").json();
        assertThat(status.get("tracking_table").asString()).isEqualTo("ops.tb_migrations");
        assertThat(status.get("environment").asString()).isEqualTo("test");
        assertThat(status.get("summary").get("up_to_date").asBoolean()).isTrue();
        assertThat(tableExists(database, "ops.tb_migrations")).isTrue();
        assertThat(tableExists(database, "ops.tb_migrations_event")).isTrue();
        assertThat(tableExists(database, "public.tb_confiture")).isFalse();

        Map<String, String> withVariable = new HashMap<>(environment);
        withVariable.put("CONFITURE_TABLE", "tb_other");
        assertThat(cli(withVariable, "migrate", "status", "--format", "json", "--env", "test").json()
                .get("tracking_table").asString()).isEqualTo("ops.tb_other");
    }

    @Test
    void theCliWritesToTheCentralLogAndFleetStatusReadsItBackWithoutADatabaseOfItsOwn(TestDatabase database)
            throws IOException {
        try (TestDatabase central = dev.confiture.testing.postgres.SharedPostgres.createDatabase("cli_central");
                TestDatabase production = dev.confiture.testing.postgres.SharedPostgres.createDatabase("cli_production")) {
            Map<String, String> staging = new HashMap<>(environment(database));
            staging.put("CONFITURE_CENTRAL_LOG_USER", central.user());
            cli(staging, "migrate", "up", "--central-log-url", central.jdbcUrl()).expect(ExitCodes.OK);
            // the environment file names the central log as it names the database
            Files.writeString(project.resolve("db/environments/prod.yaml"), """
                    name: production
                    database_url: %s
                    central_log_url: %s
                    """.formatted(libpqUrl(production), libpqUrl(central)));
            cli(fileEnvironment(production), "--env", "prod", "migrate", "up", "--target", "001").expect(ExitCodes.OK);

            Map<String, String> onlyCentral = Map.of("CONFITURE_CENTRAL_LOG_URL", central.jdbcUrl(),
                    "CONFITURE_CENTRAL_LOG_USER", central.user());
            CliProcess.Run fleet = cli(onlyCentral, "fleet", "status", "--format", "json");
            fleet.expect(ExitCodes.OK);
            JsonNode report = fleet.json();
            assertThat(report.get("format_version").asInt()).isEqualTo(1);
            assertThat(report.get("databases")).hasSize(2);
            List<String> states = new java.util.ArrayList<>();
            report.get("migrations").forEach(migration -> migration.get("states").forEach(state -> states.add(
                    migration.get("slug").asString() + " " + state.get("environment").asString() + " "
                            + state.get("state").asString())));
            assertThat(states).containsExactlyInAnyOrder("001_create_account default applied",
                    "001_create_account production applied", "002_index_account_email default applied",
                    "002_index_account_email production never_seen", "003_add_legacy_code default applied",
                    "003_add_legacy_code production never_seen");
            assertThat(report.get("databases").get(0).get("database").asString()).doesNotContain(database.user() + "@")
                    .contains(":").contains("/");

            assertThat(cli(onlyCentral, "fleet", "status", "--table", "tb_other").err())
                    .as("the central table is named as the migrators name theirs").contains("public.tb_other_event");
            CliProcess.Run table = cli(onlyCentral, "fleet", "status", "--migration", "002_index_account_email");
            table.expect(ExitCodes.OK);
            assertThat(table.out()).contains("002_index_account_email", "applied", "never_seen", "RECEIVED AT (CENTRAL)")
                    .doesNotContain("003_add_legacy_code");
            CliProcess.Run missing = cli(Map.of(), "fleet", "status");
            missing.expect(ExitCodes.USAGE);
            assertThat(missing.err()).contains("--central-log-url", "CONFITURE_CENTRAL_LOG_URL", "central_log_url");
        }
    }

    @Test
    void manyDatabasesFromAFileOrAQueryEachWithItsOwnTrackingTableALinePerDatabaseAndASummary(TestDatabase catalog)
            throws IOException, SQLException {
        try (TestDatabase a = dev.confiture.testing.postgres.SharedPostgres.createDatabase("many_a");
                TestDatabase b = dev.confiture.testing.postgres.SharedPostgres.createDatabase("many_b");
                TestDatabase c = dev.confiture.testing.postgres.SharedPostgres.createDatabase("many_c")) {
            try (Connection connection = c.connect(); var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE tb_account (id int)"); // 001 fails there
            }
            Files.writeString(project.resolve("db/environments/b.yaml"), "name: region-b\ndatabase_url: %s\n"
                    .formatted(libpqUrl(b)));
            Path list = project.resolve("databases.txt");
            Files.writeString(list, "# one per line\n" + a.jdbcUrl() + "   # the first region\n\ndb/environments/b.yaml\n"
                    + c.jdbcUrl() + "\n");
            Map<String, String> environment = new HashMap<>(fileEnvironment(a));
            environment.put("CONFITURE_USER", a.user());
            cli(environment, "migrate", "status", "--databases", list.toString(), "--fail-on-pending")
                    .expect(ExitCodes.PENDING);

            CliProcess.Run up = cli(environment, "migrate", "up", "--databases", list.toString(), "--parallelism", "2");
            up.expect(ExitCodes.FAILURE);
            String nameA = dev.confiture.tracking.EventOrigin.database(a.jdbcUrl());
            String nameC = dev.confiture.tracking.EventOrigin.database(c.jdbcUrl());
            assertThat(up.out()).contains("migrated " + nameA + ": applied 3", "failed " + nameC,
                    "3 database(s): 0 up to date, 2 migrated, 0 pending, 1 failed, 0 skipped");
            assertThat(scalar(b, "SELECT DISTINCT environment FROM tb_confiture_event")).isEqualTo("region-b");
            assertThat(scalar(a, "SELECT count(*) FROM tb_confiture")).isEqualTo("3");
            assertThat(scalar(c, "SELECT count(*) FROM tb_confiture")).as("its own tracking table").isEqualTo("0");

            JsonNode status = cli(environment, "migrate", "status", "--databases", list.toString(), "--format", "json")
                    .json();
            assertThat(status.get("summary").get("total").asInt()).isEqualTo(3);
            assertThat(status.get("databases")).hasSize(3);
            assertThat(status.get("databases").get(0).get("database").asString()).isEqualTo(nameA);
            assertThat(status.get("databases").get(0).get("outcome").asString()).isEqualTo("up_to_date");
            assertThat(status.get("databases").get(2).get("outcome").asString()).as("its failed attempt").isEqualTo("failed");

            CliProcess.Run stopped = cli(environment, "migrate", "up", "--databases", list.toString(), "--parallelism",
                    "1", "--stop-on-failure");
            stopped.expect(ExitCodes.FAILURE);
            assertThat(stopped.out()).contains("failed " + nameC);

            Path reordered = project.resolve("reordered.txt");
            Files.writeString(reordered, c.jdbcUrl() + "\n" + a.jdbcUrl() + "\n");
            CliProcess.Run skipped = cli(environment, "migrate", "up", "--databases", reordered.toString(),
                    "--parallelism", "1", "--stop-on-failure");
            skipped.expect(ExitCodes.FAILURE);
            assertThat(skipped.out()).contains("failed " + nameC, "skipped " + nameA, "1 skipped");

            CliProcess.Run query = cli(catalog, "migrate", "status", "--databases-query",
                    "SELECT datname FROM pg_database WHERE datname IN ('" + a.name() + "', '" + b.name() + "') ORDER BY 1");
            query.expect(ExitCodes.OK);
            assertThat(query.out()).contains("up to date " + nameA, "2 database(s): 2 up to date");

            Files.writeString(list, a.jdbcUrl() + "\nnot-a-url\n");
            CliProcess.Run bad = cli(environment, "migrate", "status", "--databases", list.toString());
            bad.expect(ExitCodes.USAGE);
            assertThat(bad.err()).contains("databases.txt, line 2", "'not-a-url'");
        }
    }

    @Test
    void aLockHeldByAnotherMigratorEndsTheWaitOfTheEnvironmentFileWithExitCode1(TestDatabase database) throws IOException {
        Files.writeString(project.resolve("db/environments/test.yaml"), """
                database_url: %s
                migration:
                  locking:
                    timeout_ms: 1500
                """.formatted(libpqUrl(database)));
        Map<String, String> environment = fileEnvironment(database);

        try (MigrationLock held = MigrationLock.acquire(database.dataSource(), new TableName("public", "tb_confiture"),
                Duration.ZERO)) {
            CliProcess.Run fromFile = cli(environment, "--env", "test", "migrate", "up");
            fromFile.expect(ExitCodes.FAILURE);
            assertThat(fromFile.err()).contains("Waiting for the migration lock of public.tb_confiture",
                    "error: [LOCK_WAIT_TIMEOUT] ", "longer than PT1.5S");

            CliProcess.Run fromFlag = cli(environment, "--env", "test", "migrate", "up", "--lock-wait", "200ms");
            fromFlag.expect(ExitCodes.FAILURE);
            assertThat(fromFlag.err()).contains("longer than PT0.2S");
        }
        cli(environment, "--env", "test", "migrate", "up").expect(ExitCodes.OK);
    }

    @Test
    void validateFailsAfterAnAppliedFileIsEditedAndErrorsWinOverPending(TestDatabase database) throws IOException {
        cli(database, "migrate", "up").expect(ExitCodes.OK);
        CliProcess.Run valid = cli(database, "migrate", "validate");
        valid.expect(ExitCodes.OK);
        assertThat(valid.out()).contains("Valid: no errors");

        write("001_create_account.up.sql", "CREATE TABLE tb_account (id bigint PRIMARY KEY, email text, name text);\n");
        CliProcess.Run invalid = cli(database, "migrate", "validate");
        invalid.expect(ExitCodes.FAILURE);
        assertThat(invalid.out()).contains("error [CHECKSUM_MISMATCH] 001: ", "fix: ");
        assertThat(invalid.err()).contains("validation found 1 error(s)");
        JsonNode json = cli(database, "migrate", "validate", "--format", "json").json();
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors").get(0).get("code").asString()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(json.get("errors").get(0).get("severity").asString()).isEqualTo("error");

        write("004_add_name.up.sql", "ALTER TABLE tb_account ADD COLUMN name text;\n");
        cli(database, "migrate", "status", "--fail-on-pending").expect(ExitCodes.FAILURE);
        CliProcess.Run up = cli(database, "migrate", "up");
        up.expect(ExitCodes.FAILURE);
        assertThat(up.err()).contains("CHECKSUM_MISMATCH");
    }

    @Test
    void historyListsTheEventLogAsJsonAndAsATable(TestDatabase database) {
        CliProcess.Run empty = cli(database, "history", "--format", "json");
        empty.expect(ExitCodes.OK);
        assertThat(empty.json().get("events")).isEmpty();
        assertThat(cli(database, "history").out()).contains("No events in public.tb_confiture_event");
        cli(database, "migrate", "up");

        CliProcess.Run history = cli(database, "history", "--format", "json");

        history.expect(ExitCodes.OK);
        JsonNode json = history.json();
        assertThat(fieldNames(json)).containsExactly("format_version", "event_table", "events");
        assertThat(json.get("event_table").asString()).isEqualTo("public.tb_confiture_event");
        JsonNode events = json.get("events");
        assertThat(fieldNames(events.get(0))).containsExactly("id", "run_id", "migration_id", "version", "slug", "kind",
                "status", "environment", "host", "application", "started_at", "finished_at", "duration_ms", "error");
        assertThat(events.get(0).get("kind").asString()).isEqualTo("run");
        assertThat(events.get(0).get("status").asString()).isEqualTo("started");
        assertThat(events.get(0).get("started_at").asString()).matches(ISO_UTC);
        assertThat(events.get(0).get("environment").asString()).isEqualTo("default");
        assertThat(events.get(0).get("application").asString()).isEqualTo("confiture-cli");
        List<String> applied = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.get("kind").asString().equals("migrate") && event.get("status").asString().equals("succeeded")) {
                applied.add(event.get("slug").asString());
                assertThat(event.get("duration_ms").isIntegralNumber()).isTrue();
            }
        }
        assertThat(applied).containsExactly("001_create_account", "002_index_account_email", "003_add_legacy_code");
        JsonNode newest = cli(database, "history", "--format", "json", "--limit", "2").json().get("events");
        assertThat(newest).hasSize(2);
        assertThat(newest.get(1)).isEqualTo(events.get(events.size() - 1));

        CliProcess.Run table = cli(database, "history");
        assertThat(table.out()).doesNotContain("\u001B");
        assertThat(table.out().lines().findFirst().orElseThrow())
                .matches("STARTED AT +KIND +STATUS +VERSION +SLUG +ENVIRONMENT +HOST +DURATION +ERROR");
        assertThat(table.out()).containsPattern("migrate +succeeded +001 +001_create_account +default");
    }

    @Test
    void longRunsPrintProgressAndJsonOutputStaysClean(TestDatabase database) throws IOException {
        write("004_slow.up.sql", "SELECT pg_sleep(1.6);\n");

        CliProcess.Run up = cli(List.of("-Dconfiture.cli.progress-interval=500ms"), environment(database), "migrate", "up",
                "--format", "json");

        up.expect(ExitCodes.OK);
        JsonNode json = up.json();
        assertThat(json.get("current_version").asString()).isEqualTo("004");
        assertThat(json.get("applied").findValuesAsString("slug")).containsExactly("001_create_account",
                "002_index_account_email", "003_add_legacy_code", "004_slow");
        assertThat(json.get("applied").get(3).get("execution_time_ms").asLong()).isGreaterThanOrEqualTo(1500);
        assertThat(up.err()).contains("applied 004_slow in ", "... still running 004_slow (");
    }

    @Test
    void buildCreatesTheSchemaFromDbSchemaAndBaselinesEveryMigration(TestDatabase database) throws SQLException {
        writeSchema("10_tables/1_tb_account.sql", "-- the same schema as migrations 001 to 003\n"
                + "CREATE TABLE tb_account (id bigint PRIMARY KEY, email text, legacy_code text);\n"
                + "CREATE INDEX idx_account_email ON tb_account (email);\n");
        writeSchema("10_tables/2_tb_broken.sql", "CREATE TABLE tb_broken (id bigint);\n"
                + "ALTER TABLE tb_missing ADD COLUMN x int;\n");

        CliProcess.Run broken = cli(database, "build");
        broken.expect(ExitCodes.FAILURE);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err()).startsWith("error: [SCHEMA_BUILD_FAILED] ").contains("tb_missing", "SQLSTATE 42P01",
                "10_tables/2_tb_broken.sql, line 2, column ");
        assertThat(tableExists(database, "tb_account")).isFalse();

        deleteSchema("10_tables/2_tb_broken.sql");
        CliProcess.Run built = cli(database, "build");
        built.expect(ExitCodes.OK);
        assertThat(built.out()).contains("applied db/schema/10_tables/1_tb_account.sql",
                "Baselined 3 migration(s) through 003: 001_create_account, 002_index_account_email, 003_add_legacy_code",
                "Built from 1 schema file(s), 2 statement(s), in ", "now at version 003");

        JsonNode status = cli(database, "migrate", "status", "--format", "json", "--fail-on-pending").expect(ExitCodes.OK)
                .json();
        assertThat(status.get("applied").toString()).isEqualTo("[\"001\",\"002\",\"003\"]");
        assertThat(status.get("summary").get("up_to_date").asBoolean()).isTrue();
        assertThat(status.get("migrations").findValuesAsString("status")).containsOnly("applied");
        assertThat(cli(database, "migrate", "up").out()).contains("Nothing to apply");

        CliProcess.Run again = cli(database, "build", "--format", "json");
        again.expect(ExitCodes.FAILURE);
        assertThat(again.json().get("error").get("code").asString()).isEqualTo("SCHEMA_NOT_EMPTY");
        assertThat(again.err()).startsWith("error: [SCHEMA_NOT_EMPTY] ");
    }

    @Test
    void buildAsJsonAndRefusingADatabaseThatHasATable(TestDatabase database) throws SQLException, IOException {
        Path ddl = Files.createDirectories(project.resolve("ddl"));
        Files.writeString(ddl.resolve("1_tb_account.sql"), "CREATE TABLE tb_account (id bigint PRIMARY KEY, email text);\n");
        execute(database, "CREATE TABLE hand_made (x int)");

        CliProcess.Run refused = cli(database, "build", "--schema-dir", "ddl");
        refused.expect(ExitCodes.FAILURE);
        assertThat(refused.err()).startsWith("error: [SCHEMA_NOT_EMPTY] ").contains("hand_made");
        assertThat(tableExists(database, "tb_account")).isFalse();

        execute(database, "DROP TABLE hand_made");
        Map<String, String> environment = environment(database);
        environment.put("CONFITURE_SCHEMA_LOCATIONS", "ddl");
        CliProcess.Run built = cli(environment, "build", "--format", "json");
        built.expect(ExitCodes.OK);
        JsonNode json = built.json();
        assertThat(fieldNames(json)).containsExactly("files", "statements", "baseline_version", "baselined", "duration_ms");
        assertThat(json.get("files").get(0).asString()).endsWith("ddl/1_tb_account.sql");
        assertThat(json.get("statements").asInt()).isEqualTo(1);
        assertThat(json.get("baseline_version").asString()).isEqualTo("003");
        assertThat(json.get("baselined")).hasSize(3);
        assertThat(json.get("duration_ms").isIntegralNumber()).isTrue();
    }

    @Test
    void lintNamesTheTableAndRuleAndDisablingTheRulePasses(TestDatabase database) throws IOException {
        Path ddl = Files.createDirectories(project.resolve("ddl"));
        Files.writeString(ddl.resolve("1_tables.sql"), """
                CREATE TABLE tb_customer (
                    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
                    pk_customer BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    email text
                );
                CREATE TABLE tb_order (
                    pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    fk_customer BIGINT REFERENCES tb_customer (pk_customer)
                );
                """);

        CliProcess.Run lint = cli(database, "schema", "lint", "--schema-dir", "ddl");
        lint.expect(ExitCodes.FAILURE);
        List<String> lines = lint.out().lines().toList();
        assertThat(lines.get(0)).matches("SEVERITY +RULE +OBJECT +MESSAGE");
        assertThat(lines.get(1)).matches("error +trinity-id-uuid +public\\.tb_order +.*tb_order.*");
        assertThat(lint.out()).contains("1 finding(s), 1 error(s)", "--disable RULE_ID");

        CliProcess.Run disabled = cli(database, "schema", "lint", "--schema-dir", "ddl", "--disable", "trinity-id-uuid", "--format",
                "json");
        disabled.expect(ExitCodes.OK);
        assertThat(disabled.json().get("findings")).isEmpty();
        assertThat(disabled.json().get("disabled_rules").toString()).isEqualTo("[\"trinity-id-uuid\"]");
        assertThat(disabled.json().get("has_errors").asBoolean()).isFalse();

        Files.writeString(project.resolve("db/environments/dev.yaml"), "database_url: " + libpqUrl(database)
                + "\ninclude_dirs:\n  - path: ddl\n    recursive: true\n");
        CliProcess.Run invalid = cli(fileEnvironment(database), "schema", "validate", "--env", "dev");
        invalid.expect(ExitCodes.FAILURE);
        assertThat(invalid.out()).contains("Schema files apply: 1 file(s), 2 statement(s), checked in a rolled-back "
                + "transaction", "Invalid: lint found errors").containsPattern("error +trinity-id-uuid +public\\.tb_order");
        assertThat(invalid.err()).contains("error: lint found errors in the schema");
    }

    @Test
    void placeholdersComeFromTheEnvironmentFileAndTheFlagWinsAnUndefinedOneStopsWithFileAndLine(TestDatabase database)
            throws Exception {
        write("004_grant.up.sql", "COMMENT ON TABLE tb_account IS 'owned by ${team} in ${confiture:environment}';\n");
        Files.writeString(project.resolve("db/environments/dev.yaml"), "database_url: " + libpqUrl(database)
                + "\nmigration:\n  placeholders:\n    team: payments\n    unused: x\n");
        write("005_typo.up.sql", "SELECT 1;\nSELECT '${temm}';\n");

        CliProcess.Run undefined = cli(fileEnvironment(database), "migrate", "up", "--env", "dev");
        undefined.expect(ExitCodes.FAILURE);
        assertThat(undefined.err()).contains("[UNDEFINED_PLACEHOLDER] The placeholder ${temm} is not defined",
                "005_typo.up.sql, line 2, column 9", "Define it (--placeholder NAME=VALUE, or migration.placeholders in "
                        + "the environment file)");
        assertThat(tableExists(database, "tb_account")).as("nothing ran").isFalse();

        Files.delete(migrations.resolve("005_typo.up.sql"));
        cli(fileEnvironment(database), "migrate", "up", "--env", "dev", "--placeholder", "team=billing").expect(ExitCodes.OK);

        assertThat(scalar(database, "SELECT obj_description('tb_account'::regclass)")).isEqualTo("owned by billing in dev");
    }

    @Test
    void repeatablesAreAppliedAfterTheVersionedOnesAndPendingAgainWhenTheirFileChanges(TestDatabase database)
            throws Exception {
        write("R__account_view.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id FROM tb_account;\n");
        CliProcess.Run first = cli(database, "migrate", "up", "--target", "001");
        first.expect(ExitCodes.OK);
        assertThat(first.out()).contains("1 migration(s) to apply and 1 repeatable migration(s)",
                "Applied repeatable migration(s) R__account_view");
        assertThat(tableExists(database, "v_account")).as("applied after the versioned ones, target or not").isTrue();
        cli(database, "migrate", "up").expect(ExitCodes.OK);
        cli(database, "migrate", "status", "--fail-on-pending").expect(ExitCodes.OK);
        CliProcess.Run upstream = cli(database, "migrate", "status", "--format", "upstream-json");
        assertThat(upstream.json().get("applied").toString()).as("upstream's reading of tb_confiture: versions only")
                .doesNotContain("R__").doesNotContain("account_view");
        assertThat(upstream.json().get("applied").size()).isEqualTo(3);

        CliProcess.Run status = cli(database, "migrate", "status", "--format", "json");
        assertThat(status.json().get("repeatables").get(0).get("slug").asString()).isEqualTo("R__account_view");
        assertThat(status.json().get("repeatables").get(0).get("status").asString()).isEqualTo("applied");

        write("R__account_view.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id, email FROM tb_account;\n");
        CliProcess.Run table = cli(database, "migrate", "status");
        assertThat(table.out()).containsPattern("R__account_view +outdated");
        cli(database, "migrate", "status", "--fail-on-pending").expect(ExitCodes.PENDING);
        cli(database, "migrate", "up").expect(ExitCodes.OK);
        assertThat(scalar(database, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'v_account'"))
                .isEqualTo("2");
    }

    @Test
    void sqlCallbacksRunAroundTheRunAndAFailingOneStopsItWithFileAndLine(TestDatabase database) throws Exception {
        write("afterMigrate__grants.sql", "COMMENT ON TABLE tb_account IS 'after migrate';\n");
        write("beforeEachMigrate.sql", "SELECT 1;\nSELECT no_such_column FROM pg_class;\n");

        CliProcess.Run failed = cli(database, "migrate", "up", "--target", "001");
        failed.expect(ExitCodes.FAILURE);
        assertThat(failed.err()).contains("[CALLBACK_FAILED] Callback beforeEachMigrate (beforeEachMigrate of "
                + "001_create_account) failed at statement 2 of 2", "beforeEachMigrate.sql, line 2, column 8");
        assertThat(tableExists(database, "tb_account")).isFalse();

        Files.delete(migrations.resolve("beforeEachMigrate.sql"));
        cli(database, "migrate", "up", "--target", "001").expect(ExitCodes.OK);
        assertThat(scalar(database, "SELECT obj_description('tb_account'::regclass)")).isEqualTo("after migrate");
    }

    @Test
    void generateWritesTheMigrationFromTheSchemaFilesAndApplyingItLeavesNoDrift(TestDatabase database) throws Exception {
        Path ddl = Files.createDirectories(project.resolve("db/schema"));
        Files.writeString(ddl.resolve("1_tb_account.sql"), """
                CREATE TABLE tb_account (id bigint PRIMARY KEY, email text, legacy_code text, nickname varchar(40));
                CREATE INDEX idx_account_email ON tb_account (email);
                CREATE INDEX idx_account_nickname ON tb_account (nickname);
                COMMENT ON COLUMN tb_account.nickname IS 'shown to others';
                """);

        write("005_taken.up.sql", "SELECT 1;");
        CliProcess.Run collides = cli(database, "migrate", "generate", "add_nickname", "--from", "schema-files",
                "--version", "004");
        collides.expect(ExitCodes.USAGE);
        assertThat(collides.err()).contains("The index migration would take version 005, which 005_taken has");
        assertThat(migrations.resolve("004_add_nickname.up.sql")).as("nothing half written").doesNotExist();
        Files.delete(migrations.resolve("005_taken.up.sql"));

        CliProcess.Run generate = cli(database, "migrate", "generate", "add_nickname", "--from", "schema-files",
                "--version", "004");
        generate.expect(ExitCodes.OK);
        assertThat(generate.out()).contains("004_add_nickname.up.sql", "004_add_nickname.down.sql",
                "005_add_nickname_indexes.up.sql", "005_add_nickname_indexes.down.sql");
        assertThat(Files.readString(migrations.resolve("004_add_nickname.up.sql")))
                .contains("ALTER TABLE \"public\".\"tb_account\" ADD COLUMN \"nickname\" character varying(40)");
        assertThat(Files.readString(migrations.resolve("005_add_nickname_indexes.up.sql")))
                .contains("CREATE INDEX CONCURRENTLY idx_account_nickname ON public.tb_account");
        assertThat(tableExists(database, "tb_confiture")).as("generate changes nothing in the database").isFalse();

        cli(database, "migrate", "up").expect(ExitCodes.OK);
        cli(database, "schema", "drift", "--against", "schema-files").expect(ExitCodes.OK);
        cli(database, "migrate", "down", "--steps", "2").expect(ExitCodes.OK);
        cli(database, "schema", "drift", "--against", "migrations").expect(ExitCodes.OK);
        cli(database, "migrate", "generate", "x", "--from", "elsewhere").expect(ExitCodes.USAGE);
    }

    @Test
    void planShowsTheLocksAndFindingsOfThePendingMigrationsWithoutRunningThem(TestDatabase database) throws Exception {
        cli(database, "migrate", "up", "--target", "001").expect(ExitCodes.OK);
        write("004_index_email.up.sql", "CREATE INDEX idx_email_plain ON tb_account (email);\n");

        CliProcess.Run json = cli(database, "migrate", "plan", "--format", "json");
        json.expect(ExitCodes.OK);
        assertThat(json.json().get("rules_version").asInt()).isEqualTo(1);
        assertThat(json.json().get("migrations").get(0).get("strongest_lock").asString()).isEqualTo("share_update_exclusive");
        assertThat(json.json().get("migrations").get(2).get("findings").get(0).get("rule").asString())
                .isEqualTo("index-not-concurrent");
        assertThat(json.json().get("relations").has("tb_account")).isTrue();

        CliProcess.Run table = cli(database, "migrate", "plan");
        assertThat(table.out()).contains("004_index_email: strongest lock share", "[index-not-concurrent]",
                "004_index_email.up.sql, line 1", "fix: create the index CONCURRENTLY", "1 finding(s), 1 error(s)");
        assertThat(scalar(database, "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_email_plain'")).isEqualTo("0");

        CliProcess.Run gated = cli(database, "migrate", "up", "--safety-fail-on", "error");
        gated.expect(ExitCodes.FAILURE);
        assertThat(gated.err()).contains("[UNSAFE_MIGRATION]", "[index-not-concurrent]", "--safety-fail-on error|warning|never");
        assertThat(scalar(database, "SELECT count(*) FROM tb_confiture")).as("nothing ran").isEqualTo("1");
    }

    @Test
    void cleanIsRefusedUntilEnabledThenEmptiesTheSchemaAndMigrateStartsOver(TestDatabase database) throws Exception {
        cli(database, "migrate", "up", "--target", "001").expect(ExitCodes.OK);

        CliProcess.Run refused = cli(database, "migrate", "clean");
        refused.expect(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("[CLEAN_DISABLED]", "nothing was dropped",
                "Enable it for a development database only (--clean-enabled, or CONFITURE_CLEAN_ENABLED=true)");
        assertThat(tableExists(database, "tb_account")).isTrue();

        Map<String, String> enabled = new java.util.HashMap<>(environment(database));
        enabled.put("CONFITURE_CLEAN_ENABLED", "true");
        CliProcess.Run clean = cli(enabled, "migrate", "clean", "--format", "json");
        clean.expect(ExitCodes.OK);
        assertThat(clean.json().get("schemas").toString()).isEqualTo("[\"public\"]");
        assertThat(tableExists(database, "tb_account")).isFalse();
        assertThat(tableExists(database, "tb_confiture")).isFalse();
        assertThat(cli(database, "migrate", "clean", "--clean-enabled").out()).contains("cleaned public: dropped 0 relation(s)");
        cli(database, "migrate", "up", "--target", "001").expect(ExitCodes.OK);
        assertThat(tableExists(database, "tb_account")).isTrue();
    }

    @Test
    void driftReportsAHandAddedColumnAsJsonWithExitCode1(TestDatabase database) throws SQLException {
        cli(database, "migrate", "up").expect(ExitCodes.OK);

        CliProcess.Run none = cli(database, "schema", "drift", "--format", "json");
        none.expect(ExitCodes.OK);
        assertThat(none.json().get("has_drift").asBoolean()).isFalse();
        assertThat(none.json().get("differences")).isEmpty();
        assertThat(none.json().get("expected_version").asString()).isEqualTo("003");

        execute(database, "ALTER TABLE tb_account ADD COLUMN nickname varchar(40)");
        CliProcess.Run drift = cli(database, "schema", "drift", "--format", "json", "--against", "migrations");
        drift.expect(ExitCodes.FAILURE);
        JsonNode json = drift.json();
        assertThat(fieldNames(json)).containsExactly("format_version", "source", "expected_version", "database",
                "has_drift", "summary", "differences", "duration_ms");
        assertThat(json.get("source").asString()).isEqualTo("migrations");
        assertThat(json.get("database").asString()).isEqualTo(database.name());
        assertThat(json.get("has_drift").asBoolean()).isTrue();
        assertThat(json.get("summary").toString()).isEqualTo("{\"missing\":0,\"extra\":1,\"changed\":0}");
        assertThat(json.get("differences").get(0).toString()).isEqualTo("{\"kind\":\"extra\",\"object_type\":"
                + "\"column\",\"name\":\"public.tb_account.nickname\",\"attribute\":null,\"expected\":null,"
                + "\"actual\":\"character varying(40)\"}");
        assertThat(drift.out().strip()).doesNotContain("\n");

        CliProcess.Run human = cli(database, "schema", "drift");
        human.expect(ExitCodes.FAILURE);
        assertThat(human.out()).contains("extra   column public.tb_account.nickname: character varying(40)",
                "Drift: database " + database.name() + " differs from the schema the migrations build (through version "
                        + "003) in 1 place(s): 0 missing, 1 extra, 0 changed");
    }

    @Test
    void driftWithoutCreatedbExitsWith1NamingThePrivilege(TestDatabase database) throws SQLException {
        String role = "no_createdb_" + database.name().replaceAll("\\W", "_");
        execute(database, "CREATE ROLE " + role + " LOGIN NOCREATEDB PASSWORD 'secret'");
        try {
            Map<String, String> environment = environment(database);
            environment.put("CONFITURE_USER", role);
            environment.put("CONFITURE_PASSWORD", "secret");

            CliProcess.Run drift = cli(environment, "schema", "drift", "--format", "json");

            drift.expect(ExitCodes.FAILURE);
            assertThat(drift.json().get("error").get("code").asString()).isEqualTo("SCRATCH_DATABASE_FAILED");
            assertThat(drift.err()).startsWith("error: [SCRATCH_DATABASE_FAILED] ").contains("CREATEDB");
        }
        finally {
            execute(database, "DROP ROLE " + role);
        }
    }

    @Test
    void statusCheckDriftAddsTheDriftFieldAndFailsTheGate(TestDatabase database) throws SQLException {
        cli(database, "migrate", "up").expect(ExitCodes.OK);
        String status = StatusJson.write(confiture(database).status());

        CliProcess.Run clean = cli(database, "migrate", "status", "--check-drift", "--format", "json", "--fail-on-pending");
        clean.expect(ExitCodes.OK);
        assertThat(clean.out().strip()).isEqualTo(status.substring(0, status.length() - 1)
                + ",\"drift\":{\"source\":\"migrations\",\"has_drift\":false,\"differences\":0}}");
        assertThat(fieldNames(clean.json())).containsExactlyElementsOf(
                java.util.stream.Stream.concat(STATUS_FIELDS.stream(), java.util.stream.Stream.of("drift")).toList());
        assertThat(cli(database, "migrate", "status", "--check-drift").out())
                .contains("(up to date)\ndrift against migrations: none\n");

        execute(database, "ALTER TABLE tb_account ADD COLUMN nickname text");
        CliProcess.Run gate = cli(database, "migrate", "status", "--check-drift", "--format", "json", "--fail-on-pending");
        gate.expect(ExitCodes.FAILURE);
        assertThat(gate.json().get("drift").toString())
                .isEqualTo("{\"source\":\"migrations\",\"has_drift\":true,\"differences\":1}");
        CliProcess.Run table = cli(database, "migrate", "status", "--check-drift");
        table.expect(ExitCodes.OK);
        assertThat(table.out()).contains("drift against migrations: 1 difference: run confiture schema drift");
    }

    @Test
    void usageErrorsExitWith2() throws IOException {
        CliProcess.Run unknownOption = cli(Map.of(), "migrate", "status", "--frobnicate");
        unknownOption.expect(ExitCodes.USAGE);
        assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'");

        CliProcess.Run noUrl = cli(Map.of(), "migrate", "status");
        noUrl.expect(ExitCodes.USAGE);
        assertThat(noUrl.err()).contains("No database URL", "--url", "CONFITURE_URL", "database_url");

        Files.writeString(project.resolve("db/environments/broken.yaml"), "name: broken\ndatabase_url: [\n");
        CliProcess.Run badYaml = cli(Map.of(), "--env", "broken", "migrate", "status");
        badYaml.expect(ExitCodes.USAGE);
        assertThat(badYaml.err()).contains("broken.yaml, line 3", "invalid YAML");

        CliProcess.Run missingFile = cli(Map.of(), "migrate", "status", "--env", "staging");
        missingFile.expect(ExitCodes.USAGE);
        assertThat(missingFile.err()).contains("db/environments/staging.yaml", "does not exist");
        assertThat(missingFile.out()).isEmpty();
    }

    @Test
    void anUnreachableDatabaseExitsWith1AndSaysSo() {
        CliProcess.Run run = cli(Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere", "CONFITURE_USER", "app"),
                "migrate", "status", "--format", "json");

        run.expect(ExitCodes.FAILURE);
        assertThat(run.json().get("error").get("code").asString()).as("stdout stays JSON").isEqualTo("DATABASE_ERROR");
        assertThat(run.err()).startsWith("error: [DATABASE_ERROR] ").contains("127.0.0.1:1", "refused",
                "Check that the database is reachable");
    }

    // --- running the jar ---------------------------------------------------------------------------------------

    private CliProcess.Run cli(TestDatabase database, String... args) {
        return cli(List.of(), environment(database), args);
    }

    private CliProcess.Run cli(Map<String, String> environment, String... args) {
        return cli(List.of(), environment, args);
    }

    private CliProcess.Run cli(List<String> jvmOptions, Map<String, String> environment, String... args) {
        return new CliProcess(project).run(jvmOptions, environment, args);
    }

    private static Map<String, String> environment(TestDatabase database) {
        return CliProcess.environment(database);
    }

    /** Variables an environment file refers to, and no CONFITURE_URL: the file gives the database. */
    private static Map<String, String> fileEnvironment(TestDatabase database) {
        return Map.of("TEST_DB_USER", database.user(), "TEST_DB_PASSWORD", database.password());
    }

    /**
     * The database as upstream writes it, {@code postgresql://user:password@host:port/name}, with the
     * credentials as {@code ${VAR}} references.
     */
    private static String libpqUrl(TestDatabase database) {
        Matcher matcher = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+).*").matcher(database.jdbcUrl());
        assertThat(matcher.matches()).as(database.jdbcUrl()).isTrue();
        return "postgresql://${TEST_DB_USER}:${TEST_DB_PASSWORD:-}@" + matcher.group(1) + "/" + matcher.group(2)
                + "?connect_timeout=10";
    }

    private Confiture confiture(TestDatabase database) {
        return new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations("filesystem:" + migrations).build());
    }

    private void write(String fileName, String content) {
        try {
            Files.writeString(migrations.resolve(fileName), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void writeSchema(String path, String content) {
        try {
            Path file = project.resolve("db/schema").resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void deleteSchema(String path) {
        try {
            Files.delete(project.resolve("db/schema").resolve(path));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean tableExists(TestDatabase database, String name) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_regclass('" + name + "') IS NOT NULL")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String scalar(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    /**
     * The safety promises at the edges (issue 13), as an operator meets them: each case as it was found in a hostile
     * trial of the command line.
     */
    @Nested
    class SafetyAtTheEdges {

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
            assertThat(scalar(database, "SELECT count(pg_terminate_backend(pid)) FROM (SELECT DISTINCT pid FROM "
                    + "pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1) lock_session")).isEqualTo("1");
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
            // an up file this large is read statement by statement; a down file is still read whole
            String padding = "-- padding to make this file large, as generated files sometimes are\n";
            write("001_big.up.sql", "SELECT 1;\n");
            Files.writeString(migrations.resolve("001_big.down.sql"),
                    padding.repeat((30 * 1024 * 1024) / padding.length()) + "SELECT 1;\n");

            CliProcess.Run up = cli.run(List.of("-Xmx200m"), env(database), "migrate", "up").expect(ExitCodes.FAILURE);

            assertThat(up.err().strip().lines()).singleElement().asString()
                    .startsWith("error: [FILE_TOO_LARGE] Migration file").contains("30.0 MiB", "-Xmx");
        }

        @Test
        void anUpFileLargerThanTheHeapCanHoldIsAppliedStatementByStatement(TestDatabase database) throws Exception {
            String padding = "-- padding to make this file large, as generated files sometimes are\n";
            Files.writeString(migrations.resolve("001_big.up.sql"), "CREATE TABLE big (x int);\n"
                    + padding.repeat((30 * 1024 * 1024) / padding.length()) + "INSERT INTO big VALUES (1);\n");

            cli.run(List.of("-Xmx200m"), env(database), "migrate", "up").expect(ExitCodes.OK);

            try (var connection = database.connect(); var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT count(*) FROM big")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(1);
            }
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
}
