package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.status.StatusJson;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
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
 * status and its JSON (README, "Status JSON"), field by field.
 */
@ExtendWith(PostgresExtension.class)
class StatusTest {

    @TempDir
    Path directory;

    @Test
    void statusJsonHasEveryDocumentedFieldInSnakeCase(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_users.up.sql", "CREATE TABLE tb_user (id UUID PRIMARY KEY);")
                .write("001_create_users.down.sql", "DROP TABLE tb_user;")
                .write("002_add_index.up.sql", "-- confiture: risk=high, impact=breaking, duration=5m\n"
                        + "-- confiture: approval=required\n"
                        + "CREATE INDEX CONCURRENTLY idx_user ON tb_user (id);");
        files.confiture(database, builder -> builder.target("001").environment("staging")).migrate();

        JsonNode json = JsonMapper.builder().build().readTree(StatusJson.write(files.confiture(database,
                builder -> builder.environment("staging")).status()));

        assertThat(fieldNames(json)).containsExactly("format_version", "tracking_table", "environment", "current", "total",
                "applied", "pending", "summary", "migrations", "pending_migrations", "problems", "hints", "repeatables", "held",
                "live_builds");
        assertThat(json.get("held").toString()).isEqualTo("[]");
        assertThat(json.get("live_builds").toString()).isEqualTo("[]");
        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("tracking_table").asString()).isEqualTo("public.tb_confiture");
        assertThat(json.get("environment").asString()).isEqualTo("staging");
        assertThat(json.get("current").asString()).isEqualTo("001");
        assertThat(json.get("total").asInt()).isEqualTo(2);
        assertThat(json.get("applied").toString()).isEqualTo("[\"001\"]");
        assertThat(json.get("pending").toString()).isEqualTo("[\"002\"]");
        JsonNode summary = json.get("summary");
        assertThat(fieldNames(summary)).containsExactly("applied", "pending", "failed", "total", "up_to_date", "held");
        assertThat(summary.toString())
                .isEqualTo("{\"applied\":1,\"pending\":1,\"failed\":0,\"total\":2,\"up_to_date\":false,\"held\":0}");

        JsonNode applied = json.get("migrations").get(0);
        assertThat(fieldNames(applied)).containsExactly("id", "pk", "slug", "version", "name", "status", "applied_at",
                "execution_time_ms", "applied_by", "checksum", "risk", "impact", "duration_estimate", "approval",
                "transactional", "reversible", "analysis", "phase");
        assertThat(applied.get("id").asString()).isEqualTo(Sql.scalar(database, "SELECT id FROM tb_confiture"));
        assertThat(applied.get("pk").asLong()).isEqualTo(1);
        assertThat(applied.get("slug").asString()).isEqualTo("001_create_users");
        assertThat(applied.get("version").asString()).isEqualTo("001");
        assertThat(applied.get("name").asString()).isEqualTo("create_users");
        assertThat(applied.get("status").asString()).isEqualTo("applied");
        assertThat(applied.get("applied_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(applied.get("execution_time_ms").isInt()).isTrue();
        assertThat(applied.get("applied_by").asString()).isEqualTo("postgres");
        assertThat(applied.get("checksum").asString()).hasSize(64);
        assertThat(applied.get("risk").isNull()).isTrue();
        assertThat(applied.get("approval").asString()).isEqualTo("not_required");
        assertThat(applied.get("transactional").asBoolean()).isTrue();
        assertThat(applied.get("reversible").asBoolean()).isTrue();

        JsonNode pending = json.get("migrations").get(1);
        assertThat(pending.get("status").asString()).isEqualTo("pending");
        assertThat(pending.get("pk").isNull()).isTrue();
        assertThat(pending.get("applied_at").isNull()).isTrue();
        assertThat(pending.get("id").asString()).hasSize(36);
        assertThat(pending.get("risk").asString()).isEqualTo("high");
        assertThat(pending.get("impact").asString()).isEqualTo("breaking");
        assertThat(pending.get("duration_estimate").asString()).isEqualTo("PT5M");
        assertThat(pending.get("approval").asString()).isEqualTo("required");
        assertThat(pending.get("transactional").asBoolean()).isFalse();
        assertThat(pending.get("reversible").asBoolean()).isFalse();
        assertThat(applied.get("analysis").isNull()).isTrue();
        JsonNode analysis = pending.get("analysis");
        assertThat(fieldNames(analysis)).containsExactly("slug", "statements", "findings", "allowed", "strongest_lock",
                "rewrites");
        assertThat(analysis.get("strongest_lock").asString()).isEqualTo("share_update_exclusive");
        assertThat(analysis.get("statements").get(0).get("relation").asString()).isEqualTo("tb_user");
        assertThat(analysis.toString()).as("no SQL text in the status document").doesNotContain("CREATE INDEX");
        assertThat(analysis.get("findings")).isEmpty();
        assertThat(json.get("pending_migrations")).hasSize(1);
        assertThat(json.get("pending_migrations").get(0)).isEqualTo(pending);
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("hints").get(0).asString()).contains("pending");
    }

    @Test
    void statusIsNeverUpToDateWhileAMigrationFileIsInvalid(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("002_b.UP.sql", "CREATE TABLE b (x int);");

        StatusReport report = files.confiture(database).status();

        assertThat(report.summary().pending()).isZero();
        assertThat(report.problems()).extracting(Problem::code).containsExactly(ErrorCode.INVALID_MIGRATION_NAME);
        assertThat(report.summary().upToDate()).isFalse();
        assertThat(StatusJson.write(report)).contains("\"up_to_date\":false");
    }

    @Test
    void statusNeverContainsSqlText(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_secret.up.sql", "CREATE TABLE secret_marker_table (x int);");
        files.confiture(database).migrate();

        assertThat(StatusJson.write(files.confiture(database).status())).doesNotContain("secret_marker_table");
    }

    @Test
    void failedMigrationsAreReportedWithTheirError(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_ok.up.sql", "CREATE TABLE ok (x int);")
                .write("002_bad.up.sql", "SELECT no_such_function();");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.confiture(database).migrate());

        StatusReport status = files.confiture(database).status();

        assertThat(status.summary().failed()).isEqualTo(1);
        assertThat(status.summary().pending()).isEqualTo(1);
        assertThat(status.migration("002").orElseThrow().status().value()).isEqualTo("failed");
        assertThat(status.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.FAILED_MIGRATION);
            assertThat(problem.message()).contains("002_bad", "no_such_function");
        });
    }

    @Test
    void repeatedStatusWithNothingChangedHandsOutTheSameReport(TestDatabase database) {
        Confiture confiture = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);").confiture(database);
        confiture.migrate();

        StatusReport first = confiture.status();

        assertThat(confiture.status()).isSameAs(first);
        Sql.execute(database, "BEGIN; UPDATE tb_confiture SET applied_by = 'someone else'; ROLLBACK");
        assertThat(confiture.status()).isSameAs(first);
    }

    @Test
    void statusSeesEveryChangeToTheTrackingTableWhoeverMakesIt(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        Confiture confiture = files.confiture(database);
        confiture.migrate();
        assertThat(confiture.status().summary().upToDate()).isTrue();

        Sql.execute(database, "UPDATE tb_confiture SET applied_by = 'dba' WHERE version = '001'");
        assertThat(confiture.status().migration("001").orElseThrow().appliedBy()).isEqualTo("dba");

        Sql.execute(database, "UPDATE tb_confiture SET checksum = repeat('0', 64) WHERE version = '002'");
        assertThat(confiture.status().migration("002").orElseThrow().status().value()).isEqualTo("checksum_mismatch");

        Sql.execute(database, "DELETE FROM tb_confiture WHERE version = '002'; DROP TABLE b");
        StatusReport deleted = confiture.status();
        assertThat(deleted.pending()).containsExactly("002");

        files.confiture(database).migrate();
        assertThat(confiture.status().applied()).containsExactly("001", "002");
        assertThat(confiture.status().summary().upToDate()).isTrue();
    }

    @Test
    void statusSeesAFailureAnotherInstanceRecorded(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_bad.up.sql", "SELECT no_such_function();");
        files.confiture(database, builder -> builder.target("001")).migrate();
        Confiture confiture = files.confiture(database);
        assertThat(confiture.status().migration("002").orElseThrow().status().value()).isEqualTo("pending");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.confiture(database).migrate());

        StatusReport after = confiture.status();
        assertThat(after.summary().failed()).isEqualTo(1);
        assertThat(after.migration("002").orElseThrow().status().value()).isEqualTo("failed");
    }

    @Test
    void recentStatusSeesEveryChangeWhoeverMakesItWithoutWaitingForItsMaxAge(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);")
                .write("003_bad.up.sql", "SELECT no_such_function();");
        files.confiture(database, builder -> builder.target("002")).migrate();
        Confiture confiture = files.confiture(database);
        java.time.Duration forever = java.time.Duration.ofDays(1);
        StatusReport first = confiture.recentStatus(forever);
        assertThat(first.applied()).containsExactly("001", "002");
        assertThat(confiture.recentStatus(forever)).as("nothing changed: the same report").isSameAs(first);

        Sql.execute(database, "UPDATE tb_confiture SET applied_by = 'dba' WHERE version = '001'");
        assertThat(confiture.recentStatus(forever).migration("001").orElseThrow().appliedBy()).isEqualTo("dba");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.confiture(database).migrate());
        assertThat(confiture.recentStatus(forever).migration("003").orElseThrow().status().value())
                .as("a failure another instance recorded (the tracking rows unchanged)").isEqualTo("failed");

        Sql.execute(database, "BEGIN; DELETE FROM tb_confiture WHERE version = '002'; "
                + "INSERT INTO tb_confiture (id, version, name, slug, applied_at, execution_time_ms, checksum) "
                + "SELECT gen_random_uuid(), '002', 'b', '002_b', now(), 0, checksum FROM (SELECT checksum FROM tb_confiture "
                + "WHERE version = '001') c; COMMIT");
        assertThat(confiture.recentStatus(forever).migration("002").orElseThrow().status().value())
                .as("a row replaced by another in one transaction").isEqualTo("checksum_mismatch");

        Sql.execute(database, "TRUNCATE tb_confiture");
        assertThat(confiture.recentStatus(forever).pending()).contains("001", "002");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
