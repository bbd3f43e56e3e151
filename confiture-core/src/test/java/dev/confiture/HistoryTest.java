package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.HistoryEntry;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * history: the event log read back, newest events, oldest first.
 */
@ExtendWith(PostgresExtension.class)
class HistoryTest {

    @TempDir
    Path directory;

    @Test
    void aDatabaseWithoutEventTableHasNoHistoryAndReadingCreatesNothing(TestDatabase database) {
        MigrationDirectory files = accountMigrations();

        assertThat(files.confiture(database).history(10)).isEmpty();
        assertThat(Sql.tableExists(database, "tb_confiture_event")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
    }

    @Test
    void everyEventIsReturnedOldestFirstWithItsColumns(TestDatabase database) {
        MigrationDirectory files = accountMigrations();
        files.confiture(database, builder -> builder.environment("staging").applicationName("billing")).migrate();

        List<HistoryEntry> history = files.confiture(database).history(100);

        assertThat(history).extracting(HistoryEntry::id).containsExactlyElementsOf(
                Sql.column(database, "SELECT id FROM tb_confiture_event ORDER BY pk_confiture_event").stream()
                        .map(java.util.UUID::fromString).toList());
        assertThat(history.get(0).kind()).isEqualTo("run");
        assertThat(history.get(0).status()).isEqualTo("started");
        assertThat(history.get(history.size() - 1).kind()).isEqualTo("run");
        assertThat(history.get(history.size() - 1).status()).isEqualTo("succeeded");
        List<HistoryEntry> applied = history.stream()
                .filter(entry -> entry.kind().equals("migrate") && entry.status().equals("succeeded")).toList();
        assertThat(applied).extracting(HistoryEntry::slug).containsExactly("001_create_account", "002_add_email");
        HistoryEntry first = applied.get(0);
        assertThat(first.version()).isEqualTo("001");
        assertThat(first.migrationId().toString()).isEqualTo(Sql.scalar(database,
                "SELECT id FROM tb_confiture WHERE version = '001'"));
        assertThat(first.runId()).isEqualTo(history.get(0).runId()).isNotNull();
        assertThat(first.environment()).isEqualTo("staging");
        assertThat(first.application()).isEqualTo("billing");
        assertThat(first.host()).isNotBlank();
        assertThat(first.startedAt().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(first.finishedAt()).isNotNull().isAfterOrEqualTo(first.startedAt());
        assertThat(first.durationMs()).isNotNull().isNotNegative();
        assertThat(first.error()).isNull();
        assertThat(history.get(0).finishedAt()).isNull();
        assertThat(history.get(0).durationMs()).isNull();
        assertThat(history.get(0).migrationId()).isNull();
        assertThat(history.get(0).version()).isNull();
    }

    @Test
    void theLimitKeepsTheNewestEventsInTheirOrder(TestDatabase database) {
        MigrationDirectory files = accountMigrations();
        Confiture confiture = files.confiture(database);
        confiture.migrate();
        List<HistoryEntry> all = confiture.history(1000);

        List<HistoryEntry> newest = confiture.history(2);

        assertThat(all.size()).isGreaterThan(2);
        assertThat(newest).containsExactlyElementsOf(all.subList(all.size() - 2, all.size()));
        assertThatThrownBy(() -> confiture.history(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void aFailedAttemptCarriesItsError(TestDatabase database) {
        MigrationDirectory files = accountMigrations().write("003_broken.up.sql", "ALTER TABLE tb_missing ADD COLUMN x int;");
        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(ConfitureException.class);

        List<HistoryEntry> failed = files.confiture(database).history(100).stream()
                .filter(entry -> entry.status().equals("failed")).toList();

        assertThat(failed).extracting(HistoryEntry::kind).containsExactly("migrate", "run");
        assertThat(failed.get(0).slug()).isEqualTo("003_broken");
        assertThat(failed.get(0).error()).contains("tb_missing");
    }

    @Test
    void aConfiguredTrackingTableReadsItsOwnEventTable(TestDatabase database) {
        MigrationDirectory files = accountMigrations();
        files.confiture(database, builder -> builder.schema("ops").table("migrations")).migrate();

        assertThat(files.confiture(database).history(10)).isEmpty();
        assertThat(files.confiture(database, builder -> builder.schema("ops").table("migrations")).history(10))
                .isNotEmpty();
        assertThat(Sql.tableExists(database, "ops.migrations_event")).isTrue();
    }

    @Test
    void jsonIsSnakeCaseWithUtcTimestampsAndNullsKept(TestDatabase database) {
        MigrationDirectory files = accountMigrations();
        Confiture confiture = files.confiture(database);
        confiture.migrate();
        JsonMapper mapper = JsonMapper.builder().build();

        JsonNode runStarted = mapper.readTree(mapper.writeValueAsString(confiture.history(100).get(0)));
        JsonNode last = mapper.readTree(mapper.writeValueAsString(confiture.history(1).get(0)));

        assertThat(fieldNames(runStarted)).containsExactly("id", "run_id", "migration_id", "version", "slug", "kind",
                "status", "environment", "host", "application", "started_at", "finished_at", "duration_ms", "error");
        assertThat(runStarted.get("migration_id").isNull()).isTrue();
        assertThat(runStarted.get("finished_at").isNull()).isTrue();
        assertThat(runStarted.get("environment").asString()).isEqualTo("default");
        assertThat(runStarted.get("started_at").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(last.get("finished_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(last.get("duration_ms").isIntegralNumber()).isTrue();
    }

    private MigrationDirectory accountMigrations() {
        return new MigrationDirectory(directory)
                .write("001_create_account.up.sql", "CREATE TABLE tb_account (id int);")
                .write("002_add_email.up.sql", "ALTER TABLE tb_account ADD COLUMN email text;");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
