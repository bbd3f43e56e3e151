package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.Callback;
import dev.confiture.api.CallbackEvent;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks: SQL files named after their event, and Java callbacks; each in a transaction of its own that commits
 * with its event; a failing one fails the run with file and line.
 */
@ExtendWith(PostgresExtension.class)
class CallbackTest {

    private static final String LOG = "CREATE TABLE IF NOT EXISTS callback_log (seq serial PRIMARY KEY, what text);\n";

    @TempDir
    Path directory;

    private static String log(String what) {
        return "INSERT INTO callback_log (what) VALUES ('" + what + "' || coalesce(current_setting('app.x', true), ''));\n";
    }

    private MigrationDirectory files() {
        return new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("001_a.down.sql", "DROP TABLE a;")
                .write("002_b.up.sql", "CREATE TABLE b (x int);")
                .write("002_b.down.sql", "DROP TABLE b;")
                .write("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT x FROM a;")
                .write("beforeMigrate.sql", LOG + log("before") + "SET app.x = 'leaked';")
                .write("beforeEachMigrate.sql", log("beforeEach"))
                .write("afterEachMigrate.sql", log("afterEach"))
                .write("afterMigrate.sql", log("after"))
                .write("callbacks/afterMigrate__grants.sql", log("after grants"));
    }

    @Test
    void sqlCallbacksRunAroundTheRunAndEachMigrationEachInItsOwnTransactionFromTheRunsSession(TestDatabase database) {
        MigrationDirectory files = files();

        files.confiture(database).migrate();

        assertThat(Sql.column(database, "SELECT what FROM callback_log ORDER BY seq")).as("a SET in a callback never "
                + "reaches the next one").containsExactly("before", "beforeEach", "afterEach", "beforeEach", "afterEach",
                        "beforeEach", "afterEach", "after", "after grants");
        assertThat(Sql.column(database, "SELECT slug || ' ' || status || coalesce(' ' || (details->>'migration'), '') "
                + "FROM tb_confiture_event WHERE kind = 'callback' ORDER BY pk_confiture_event")).startsWith(
                        "beforeMigrate succeeded", "beforeEachMigrate succeeded 001_a", "afterEachMigrate succeeded 001_a");

        files.confiture(database).migrate();
        assertThat(Sql.column(database, "SELECT what FROM callback_log ORDER BY seq")).as("nothing pending: the run's "
                + "callbacks still run, as Flyway's do").endsWith("after grants", "before", "after", "after grants");
    }

    @Test
    void aFailingCallbackFailsTheRunWithFileAndLineAndAfterMigrateErrorRuns(TestDatabase database) {
        MigrationDirectory files = files().write("beforeEachMigrate.sql", log("beforeEach") + "SELECT 1 / 0;")
                .write("afterMigrateError.sql", log("error"));

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).migrate())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CALLBACK_FAILED);
                    assertThat(error.getMessage()).contains("Callback beforeEachMigrate (beforeEachMigrate of 001_a) "
                            + "failed at statement 2 of 2", "division by zero", "its transaction was rolled back");
                    assertThat(error.location()).isEqualTo(new SourceLocation(
                            directory.resolve("beforeEachMigrate.sql").toString(), 2, 1));
                });
        assertThat(Sql.tableExists(database, "a")).as("the migration after a failed callback never ran").isFalse();
        assertThat(Sql.column(database, "SELECT what FROM callback_log ORDER BY seq"))
                .as("the failed callback's first statement went with it").containsExactly("before", "error");
        assertThat(Sql.scalar(database, "SELECT status FROM tb_confiture_event WHERE kind = 'callback' "
                + "AND slug = 'beforeEachMigrate'")).isEqualTo("failed");
    }

    @Test
    void aFailingAfterErrorCallbackDoesNotStopTheOnesAfterIt(TestDatabase database) {
        MigrationDirectory files = files().write("002_b.up.sql", "SELECT 1 / 0;")
                .write("afterMigrateError__1_fails.sql", "SELECT no_such_function();")
                .write("afterMigrateError__2_alerts.sql", log("alert"));

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).migrate())
                .satisfies(error -> {
                    assertThat(error.code()).as("the run's own failure").isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(error.getSuppressed()).singleElement().satisfies(suppressed ->
                            assertThat(suppressed.getMessage()).contains("afterMigrateError__1_fails"));
                });
        assertThat(Sql.column(database, "SELECT what FROM callback_log ORDER BY seq")).endsWith("alert");
    }

    @Test
    void aCallbacksWorkCommitsOnlyWithItsEvent(TestDatabase database) {
        MigrationDirectory files = files();
        files.confiture(database).migrate();
        Sql.execute(database, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.kind = 'callback' AND NEW.status = 'succeeded' AND NEW.slug = 'afterMigrate' THEN "
                + "RAISE EXCEPTION 'no callback events today'; END IF; RETURN NEW; END $$; "
                + "CREATE TRIGGER refuse BEFORE INSERT ON tb_confiture_event FOR EACH ROW EXECUTE FUNCTION refuse(); "
                + "TRUNCATE callback_log");

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).migrate())
                .withMessageContaining("no callback events today");

        assertThat(Sql.column(database, "SELECT what FROM callback_log ORDER BY seq")).containsExactly("before");
    }

    @Test
    void javaCallbacksRunAfterTheFilesOfTheirEventAndDownHasItsOwnEvents(TestDatabase database) {
        List<String> heard = new ArrayList<>();
        Callback java = new Callback() {
            @Override
            public boolean supports(CallbackEvent event) {
                return event != CallbackEvent.BEFORE_EACH_MIGRATE && event != CallbackEvent.AFTER_EACH_MIGRATE;
            }

            @Override
            public void handle(CallbackEvent event, Connection connection, @Nullable String migration)
                    throws SQLException {
                heard.add(event.fileName() + ((migration != null) ? " " + migration : ""));
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO callback_log (what) VALUES ('java " + event.fileName() + "')");
                }
            }

            @Override
            public String name() {
                return "audit";
            }
        };
        MigrationDirectory files = files().write("beforeDown.sql", log("beforeDown"));

        files.confiture(database, builder -> builder.callbacks(List.of(java))).migrate();
        files.confiture(database, builder -> builder.callbacks(List.of(java))).down(1);

        assertThat(heard).containsExactly("beforeMigrate", "afterMigrate", "beforeDown", "beforeEachDown 002_b",
                "afterEachDown 002_b", "afterDown");
        assertThat(Sql.column(database, "SELECT what FROM callback_log WHERE what LIKE 'java%' OR what LIKE 'before%' "
                + "ORDER BY seq")).endsWith("beforeDown", "java beforeDown", "java beforeEachDown", "java afterEachDown",
                        "java afterDown");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'callback' AND slug = 'audit'"))
                .isEqualTo("6");
    }

    @Test
    void aCallbackThatCannotRunInATransactionIsRefusedBeforeAnythingRuns(TestDatabase database) {
        MigrationDirectory files = files().write("afterMigrate.sql", "VACUUM;");

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).migrate())
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT));
        assertThat(Sql.tableExists(database, "a")).isFalse();
        assertThat(files.confiture(database).validate().errors()).as("validate refuses what migrate refuses")
                .anySatisfy(problem -> assertThat(problem.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT));
        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).dryRun())
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT));
    }
}
