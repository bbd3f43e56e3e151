package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Upstream Confiture's conventions from the command line: its strict JSON documents (validated against the
 * schemas the tests write from upstream's facts), its exit codes, its URL variables and flags, its commands, and a
 * round trip on a database upstream wrote to.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamCliIT {

    private static final Schema STATUS = schema("upstream/migrate-status.schema.json");

    private static final Schema CURRENT = schema("upstream/migrate-current.schema.json");

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
    void statusAsUpstreamJsonValidatesInEveryShapeWhereOurOwnDocumentDoesNot(TestDatabase database) throws Exception {
        write("notes.sql", "-- not a migration");
        JsonNode empty = status(database, "--format", "upstream-json").json();
        assertValid(STATUS, empty);
        assertThat(fieldNames(empty)).containsExactly("applied", "pending", "current", "total", "migrations", "hints",
                "orphaned_migrations");
        assertThat(empty.get("orphaned_migrations").toString()).isEqualTo("[\"notes.sql\"]");

        write("001_a.up.sql", "CREATE TABLE a (x int);");
        write("002_b.up.sql", "CREATE TABLE b (x int);");
        JsonNode beforeTable = status(database, "--format", "upstream-json").json();
        assertValid(STATUS, beforeTable);
        assertThat(beforeTable.get("warning").asString()).startsWith("tb_confiture not found in this database");
        assertThat(beforeTable.get("tracking_table").asString()).as("as configured, as upstream prints it")
                .isEqualTo("tb_confiture");
        assertThat(beforeTable.get("resolved_table").isNull()).isTrue();
        assertThat(beforeTable.get("pending").toString()).isEqualTo("[\"001\",\"002\"]");

        Files.delete(migrations.resolve("notes.sql"));
        cli.run(List.of(), env(database), "migrate", "up", "--target", "1").expect(ExitCodes.OK);
        write("notes.sql", "-- not a migration");
        write("2_b_again.up.sql", "CREATE TABLE c (x int);");
        JsonNode populated = status(database, "--format", "upstream-json").json();
        assertValid(STATUS, populated);
        assertThat(populated.get("resolved_table").asString()).isEqualTo("public.tb_confiture");
        assertThat(populated.has("warning")).isFalse();
        assertThat(populated.get("current").asString()).isEqualTo("001");
        assertThat(populated.get("migrations").get(0).get("status").asString()).isEqualTo("applied");
        assertThat(populated.get("migrations").get(0).get("applied_at").asString())
                .as("Python's isoformat, as upstream prints it").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
        assertThat(populated.get("duplicate_versions").toString())
                .isEqualTo("{\"002\":[\"002_b.up.sql\",\"2_b_again.up.sql\"]}");
        assertThat(populated.get("orphaned_migrations").toString()).isEqualTo("[\"notes.sql\"]");

        assertThat(STATUS.validate(status(database, "--format", "json").json())).as("our superset fails upstream's schema")
                .isNotEmpty();
    }

    @Test
    void statusListsFilesAsUpstreamDoesEvenWhenTheDatabaseCannotBeRead(TestDatabase database) throws Exception {
        write("001_a.up.sql", "CREATE TABLE a (x int);");
        write("002_b.up.sql", "CREATE TABLE b (x int);");
        write("2_b_again.up.sql", "CREATE TABLE c (x int);");
        write("003_move_data.py", "def upgrade(connection): pass\n");
        execute(database, "CREATE TABLE tb_confiture (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                + "pk_confiture BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, slug TEXT NOT NULL UNIQUE, "
                + "version VARCHAR(255) NOT NULL UNIQUE, name VARCHAR(255) NOT NULL, "
                + "applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), execution_time_ms INTEGER, checksum VARCHAR(64), "
                + "applied_by TEXT)");
        execute(database, "INSERT INTO tb_confiture (slug, version, name) VALUES ('001_a', '001', 'a'), "
                + "('000_gone', '000', 'gone')");

        CliProcess.Run run = status(database, "--format", "upstream-json", "--exit-codes", "upstream")
                .expect(ExitCodeStyle.UPSTREAM_PENDING);
        JsonNode document = run.json();
        assertValid(STATUS, document);
        assertThat(document.get("migrations").toString()).as("every file, duplicates and Python too; no row without a "
                + "file").contains("\"version\":\"001\",\"name\":\"a\",\"status\":\"applied\"")
                .contains("\"version\":\"002\",\"name\":\"b\",\"status\":\"pending\"")
                .contains("\"version\":\"2\",\"name\":\"b_again\",\"status\":\"pending\"")
                .contains("\"version\":\"003\",\"name\":\"move_data\",\"status\":\"pending\"")
                .doesNotContain("gone");
        assertThat(document.get("total").asInt()).isEqualTo(4);
        assertThat(document.get("current").asString()).isEqualTo("001");
        assertThat(document.get("hints").toString()).contains("PYTHON_MIGRATION", "DUPLICATE_VERSION");

        CliProcess.Run unreachable = cli.run(List.of(), Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere",
                "CONFITURE_USER", "app"), "migrate", "status", "--format", "upstream-json", "--exit-codes", "upstream")
                .expect(ExitCodeStyle.UPSTREAM_FATAL);
        assertValid(STATUS, unreachable.json());
        assertThat(unreachable.json().get("migrations").findValuesAsString("status")).containsOnly("unknown");
        assertThat(unreachable.json().get("warning").asString()).startsWith("Could not connect to database: ");
    }

    @Test
    void currentHasUpstreamsShapeAndUpstreamsExitCodes(TestDatabase database) throws Exception {
        write("001_a.up.sql", "CREATE TABLE a (x int);");
        write("002_b.up.sql", "CREATE TABLE b (x int);");

        CliProcess.Run noTable = cli.run(List.of(), env(database), "migrate", "current", "--format", "json",
                "--exit-codes", "upstream").expect(ExitCodeStyle.UPSTREAM_NO_TRACKING_TABLE);
        assertValid(CURRENT, noTable.json());
        cli.run(List.of(), env(database), "migrate", "current").expect(ExitCodes.OK);

        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        JsonNode current = cli.run(List.of(), env(database), "migrate", "current", "--format", "json")
                .expect(ExitCodes.OK).json();
        assertValid(CURRENT, current);
        assertThat(current.get("revision").asString()).isEqualTo("002");
        assertThat(current.get("name").asString()).isEqualTo("b");
        assertThat(current.get("checksum").asString()).hasSize(64);
        assertThat(current.get("applied_at").asString()).endsWith("+00:00");

        execute(database, "UPDATE tb_confiture SET applied_at = now() + interval '1 minute' WHERE version = '001'");
        assertThat(cli.run(List.of(), env(database), "migrate", "current", "--format", "text").expect(ExitCodes.OK).out())
                .as("the bare revision of the most recently applied, as upstream prints it").isEqualTo("001\n");
    }

    @Test
    void statusExitsAsUpstreamsDoesWhenAsked(TestDatabase database) throws Exception {
        write("001_a.up.sql", "CREATE TABLE a (x int);");
        status(database, "--exit-codes", "upstream").expect(ExitCodeStyle.UPSTREAM_NO_TRACKING_TABLE);
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        status(database, "--exit-codes", "upstream").expect(ExitCodeStyle.UPSTREAM_UP_TO_DATE);
        write("002_b.up.sql", "CREATE TABLE b (x int);");
        status(database, "--exit-codes", "upstream").expect(ExitCodeStyle.UPSTREAM_PENDING);
        status(database).expect(ExitCodes.OK);

        cli.run(List.of(), Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere", "CONFITURE_USER", "app"),
                "migrate", "status", "--exit-codes", "upstream").expect(ExitCodeStyle.UPSTREAM_FATAL);
    }

    @Test
    void upstreamsUrlVariablesFlagsAndCommandsWork(TestDatabase database) throws Exception {
        Path elsewhere = Files.createDirectories(project.resolve("sql/migrations"));
        Files.writeString(elsewhere.resolve("001_a.up.sql"), "CREATE TABLE a (x int);");
        Files.writeString(elsewhere.resolve("001_a.down.sql"), "DROP TABLE a;");
        Files.writeString(elsewhere.resolve("002_b.up.sql"), "CREATE TABLE b (x int);");
        Files.writeString(elsewhere.resolve("002_b.down.sql"), "DROP TABLE b;");
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "user=" + database.user();

        cli.run(List.of(), Map.of(), "migrate", "up", "-d", url, "--migrations-dir", "sql/migrations")
                .expect(ExitCodes.OK);
        cli.run(List.of(), Map.of("CONFITURE_DATABASE_URL", url), "migrate", "down-to", "1", "--migrations-dir",
                "sql/migrations").expect(ExitCodes.OK);
        assertThat(scalar(database, "SELECT string_agg(version, ',' ORDER BY version) FROM tb_confiture")).isEqualTo("001");
        JsonNode status = cli.run(List.of(), Map.of("DATABASE_URL", url), "migrate", "status", "--format", "json",
                "--database-url", url, "--migrations-dir", "sql/migrations").json();
        assertThat(status.get("current").asString()).isEqualTo("001");
        assertThat(cli.run(List.of(), Map.of("DATABASE_URL", url), "migrate", "current", "--migrations-dir",
                "sql/migrations").expect(ExitCodes.OK).out()).startsWith("001 a");
    }

    @Test
    void aPythonMigrationIsAnErrorNamingItAndUpstream(TestDatabase database) throws Exception {
        write("001_a.up.sql", "CREATE TABLE a (x int);");
        write("002_move_data.py", "def upgrade(connection): pass\n");

        CliProcess.Run up = cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.FAILURE);

        assertThat(up.err()).contains("[PYTHON_MIGRATION]", "002_move_data.py", "upstream Confiture");
        assertThat(scalar(database, "SELECT to_regclass('a') IS NULL")).isEqualTo("t");
    }

    @Test
    void aDatabaseUpstreamWroteToIsMigratedFurtherAndBothReadingsAgree(TestDatabase database) throws Exception {
        // Rows as upstream writes them: random ids, applied_by added later, its lock-holder table present.
        execute(database, "CREATE TABLE tb_confiture (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                + "pk_confiture BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, slug TEXT NOT NULL UNIQUE, "
                + "version VARCHAR(255) NOT NULL UNIQUE, name VARCHAR(255) NOT NULL, "
                + "applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), execution_time_ms INTEGER, checksum VARCHAR(64))");
        execute(database, "CREATE TABLE confiture_lock_holder (lock_id BIGINT PRIMARY KEY, pid INT, hostname TEXT, "
                + "usename TEXT, command TEXT, acquired_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        write("001_a.up.sql", "CREATE TABLE a (x int);");
        write("002_b.up.sql", "CREATE TABLE b (x int);");
        write("003_c.up.sql", "CREATE TABLE c (x int);");
        execute(database, "CREATE TABLE a (x int)");
        execute(database, "INSERT INTO tb_confiture (slug, version, name, execution_time_ms, checksum) VALUES "
                + "('001_a', '001', 'a', 12, encode(sha256('CREATE TABLE a (x int);'), 'hex'))");
        execute(database, "ALTER TABLE tb_confiture ADD COLUMN IF NOT EXISTS applied_by TEXT");

        cli.run(List.of(), env(database), "migrate", "up", "--target", "2").expect(ExitCodes.OK);
        // upstream baselines the third: a row without execution time, written as upstream writes it
        execute(database, "CREATE TABLE c (x int)");
        execute(database, "INSERT INTO tb_confiture (slug, version, name, checksum, applied_by) VALUES "
                + "('003_c', '003', 'c', encode(sha256('CREATE TABLE c (x int);'), 'hex'), 'upstream')");

        JsonNode ours = status(database, "--format", "json").json();
        JsonNode theirs = status(database, "--format", "upstream-json").json();
        assertValid(STATUS, theirs);
        assertThat(ours.get("applied").toString()).isEqualTo("[\"001\",\"002\",\"003\"]")
                .isEqualTo(theirs.get("applied").toString());
        assertThat(ours.get("summary").get("up_to_date").asBoolean()).isTrue();
        assertThat(ours.get("problems").size()).isZero();
        assertThat(theirs.get("migrations").findValuesAsString("status")).containsOnly("applied");
        cli.run(List.of(), env(database), "migrate", "up").expect(ExitCodes.OK);
        assertThat(scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("3");
        assertThat(scalar(database, "SELECT count(*) FROM confiture_lock_holder")).as("our row removed on release")
                .isEqualTo("0");
    }

    private CliProcess.Run status(TestDatabase database, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("migrate", "status"));
        args.addAll(List.of(options));
        return cli.run(List.of(), env(database), args.toArray(String[]::new));
    }

    private static Map<String, String> env(TestDatabase database) {
        return new HashMap<>(CliProcess.environment(database));
    }

    private void write(String fileName, String content) throws IOException {
        Files.writeString(migrations.resolve(fileName), content);
    }

    private static void assertValid(Schema schema, JsonNode document) {
        List<Error> errors = schema.validate(document);
        assertThat(errors).as("validation of %s", document).isEmpty();
    }

    private static Schema schema(String resource) {
        try (InputStream in = UpstreamCliIT.class.getClassLoader().getResourceAsStream(resource)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
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
}
