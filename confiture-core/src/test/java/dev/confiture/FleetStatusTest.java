package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.fleet.CentralLog;
import dev.confiture.fleet.FleetJson;
import dev.confiture.fleet.FleetReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet view: the central log read back across three databases in two environments (and a host whose clock is
 * wrong), each migration's state in each database, checked field by field in its JSON.
 */
@ExtendWith(PostgresExtension.class)
class FleetStatusTest {

    @TempDir
    Path directory;

    @Test
    void everyMigrationsStateInEveryDatabaseThatReported(TestDatabase central) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_invoice.up.sql", "CREATE TABLE tb_invoice (id int);")
                .write("002_total.up.sql", "ALTER TABLE tb_invoice ADD COLUMN total int;")
                .write("002_total.down.sql", "ALTER TABLE tb_invoice DROP COLUMN total;")
                .write("003_customer.up.sql", "CREATE TABLE tb_customer (id int);");
        try (TestDatabase staging = SharedPostgres.createDatabase("fleet_staging");
                TestDatabase east = SharedPostgres.createDatabase("fleet_east");
                TestDatabase west = SharedPostgres.createDatabase("fleet_west")) {
            files.confiture(staging, builder -> builder.environment("staging").target("002")
                    .centralEventLog(central.dataSource())).migrate();
            files.confiture(staging, builder -> builder.environment("staging").centralEventLog(central.dataSource()))
                    .down(1);
            files.confiture(east, builder -> builder.environment("production").target("002")
                    .centralEventLog(central.dataSource())).migrate();
            Sql.execute(west, "CREATE TABLE tb_customer (id int)"); // 003 fails there
            assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(() -> files.confiture(west,
                    builder -> builder.environment("production").centralEventLog(central.dataSource())).migrate());
            // a host whose clock runs a day ahead reports 001 applied, then reverted: the central database received the
            // revert last, whatever the host's clock said
            Sql.execute(central, "INSERT INTO tb_confiture_event (id, migration_id, version, slug, kind, status, "
                    + "environment, host, started_at, finished_at, details) SELECT gen_random_uuid(), migration_id, "
                    + "version, slug, 'migrate', 'succeeded', 'qa', 'skewed-host', now() + interval '1 day', "
                    + "now() + interval '1 day', '{\"database\": \"qa-db:5432/app\"}' FROM tb_confiture_event "
                    + "WHERE slug = '001_invoice' LIMIT 1");
            Sql.execute(central, "INSERT INTO tb_confiture_event (id, migration_id, version, slug, kind, status, "
                    + "environment, host, started_at, finished_at, details) SELECT gen_random_uuid(), migration_id, "
                    + "version, slug, 'rollback', 'succeeded', 'qa', 'skewed-host', now() - interval '1 day', "
                    + "now() - interval '1 day', '{\"database\": \"qa-db:5432/app\"}' FROM tb_confiture_event "
                    + "WHERE slug = '001_invoice' LIMIT 1");

            CentralLog log = new CentralLog(central.dataSource());
            JsonNode json = JsonMapper.builder().build().readTree(FleetJson.write(log.fleetStatus()));

            assertThat(fieldNames(json)).containsExactly("format_version", "event_table", "generated_at", "databases",
                    "migrations", "history");
            assertThat(json.get("format_version").asInt()).isEqualTo(1);
            assertThat(json.get("event_table").asString()).isEqualTo("public.tb_confiture_event");
            assertThat(json.get("generated_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            String eastDb = dev.confiture.tracking.EventOrigin.database(east.jdbcUrl());
            String westDb = dev.confiture.tracking.EventOrigin.database(west.jdbcUrl());
            String stagingDb = dev.confiture.tracking.EventOrigin.database(staging.jdbcUrl());
            assertThat(eastDb).endsWith("/" + east.name()).doesNotContain("password");
            List<String> databases = new ArrayList<>();
            json.get("databases").forEach(database -> databases.add(database.get("environment").asString() + " "
                    + database.get("database").asString()));
            assertThat(databases).containsExactlyInAnyOrder("production " + eastDb, "production " + westDb,
                    "qa qa-db:5432/app", "staging " + stagingDb);
            JsonNode west0 = find(json.get("databases"), "database", westDb);
            assertThat(fieldNames(west0)).containsExactly("environment", "database", "newest_event");
            JsonNode newest = west0.get("newest_event");
            assertThat(fieldNames(newest)).containsExactly("environment", "database", "kind", "status", "migration_id",
                    "slug", "host", "application", "run_id", "started_at", "finished_at", "received_at", "error");
            assertThat(newest.get("kind").asString() + " " + newest.get("status").asString()).isEqualTo("run failed");
            assertThat(newest.get("received_at").asString()).as("the central database's clock").isNotEmpty();

            assertThat(json.get("migrations")).hasSize(3);
            JsonNode invoice = json.get("migrations").get(0);
            assertThat(fieldNames(invoice)).containsExactly("migration_id", "slug", "version", "states");
            assertThat(invoice.get("slug").asString()).isEqualTo("001_invoice");
            assertThat(invoice.get("version").asString()).isEqualTo("001");
            assertThat(invoice.get("migration_id").asString()).isEqualTo(Sql.scalar(staging,
                    "SELECT id FROM tb_confiture WHERE version = '001'"));
            assertThat(fieldNames(invoice.get("states").get(0))).containsExactly("environment", "database", "state", "at",
                    "host", "application", "received_at");
            assertThat(states(json, "001_invoice")).containsExactlyInAnyOrder("production " + eastDb + " applied",
                    "production " + westDb + " applied", "qa qa-db:5432/app reverted", "staging " + stagingDb + " applied");
            assertThat(states(json, "002_total")).containsExactlyInAnyOrder("production " + eastDb + " applied",
                    "production " + westDb + " applied", "qa qa-db:5432/app never_seen",
                    "staging " + stagingDb + " reverted");
            assertThat(states(json, "003_customer")).containsExactlyInAnyOrder("production " + eastDb + " never_seen",
                    "production " + westDb + " failed", "qa qa-db:5432/app never_seen",
                    "staging " + stagingDb + " never_seen");
            JsonNode appliedInEast = find(find(json.get("migrations"), "slug", "001_invoice").get("states"), "database", eastDb);
            assertThat(appliedInEast.get("at").asString()).isNotEmpty();
            assertThat(appliedInEast.get("host").asString()).isNotEmpty();
            assertThat(json.get("history")).isEmpty();

            FleetReport one = log.fleetStatus("001_invoice");
            assertThat(one.migrations()).singleElement().satisfies(migration -> assertThat(migration.slug())
                    .isEqualTo("001_invoice"));
            assertThat(one.history()).extracting(event -> event.environment() + " " + event.kind() + " " + event.status())
                    .endsWith("qa migrate succeeded", "qa rollback succeeded");
            assertThat(one.history().get(one.history().size() - 1).startedAt())
                    .as("the host's clock says earlier; the central log's order says later")
                    .isLessThan(one.history().get(one.history().size() - 2).startedAt());
            assertThat(log.fleetStatus("1").migrations()).as("a version as a number").hasSize(1);
            assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> log.fleetStatus("999_nope"))
                    .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_VERSION));

            assertThat(Sql.scalar(east, "SELECT DISTINCT details->>'database' FROM tb_confiture_event"))
                    .as("the local event log names its database too").isEqualTo(eastDb);
        }
    }

    private static List<String> states(JsonNode json, String slug) {
        List<String> states = new ArrayList<>();
        find(json.get("migrations"), "slug", slug).get("states").forEach(state -> states.add(
                state.get("environment").asString() + " " + state.get("database").asString() + " "
                        + state.get("state").asString()));
        return states;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
