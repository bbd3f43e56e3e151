package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-transaction promise, broken on purpose: PostgreSQL refuses the bookkeeping (a trigger that raises on the
 * tracking row, on the success event, on a statement's progress) and the migration's effects must be absent with it.
 */
@ExtendWith(PostgresExtension.class)
class BookkeepingFailureTest {

    @TempDir
    Path directory;

    @Test
    void whenTheTrackingRowIsRefusedTheMigrationIsNotApplied(TestDatabase database) {
        MigrationDirectory files = prepared(database, "tb_confiture", "TRUE");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class,
                        failure -> assertThat(failure.getMessage()).contains("002_effect", "bookkeeping refused"));

        assertThat(Sql.tableExists(database, "effect")).isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("1");
    }

    @Test
    void whenTheSuccessEventIsRefusedTheMigrationIsNotApplied(TestDatabase database) {
        MigrationDirectory files = prepared(database, "tb_confiture_event",
                "NEW.kind = 'migrate' AND NEW.status = 'succeeded'");

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);

        assertThat(Sql.tableExists(database, "effect")).isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("1");
    }

    @Test
    void whenAStatementsProgressIsRefusedThatStatementIsNotApplied(TestDatabase database) {
        MigrationDirectory files = prepared(database, "tb_confiture_event", "NEW.kind = 'statement'");
        files.write("002_effect.up.sql", "-- confiture: transactional=false\nCREATE TABLE effect (x int);\n"
                + "INSERT INTO effect VALUES (1);\n");

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);

        assertThat(Sql.tableExists(database, "effect")).as("statement 1 rolled back with its progress").isFalse();
    }

    /**
     * The tracking tables are made in one transaction: when PostgreSQL refuses the last statement of it (an event
     * trigger on the event table's last index), the tracking table made just before is gone with it, instead of
     * staying behind for the next run to take as complete; nothing else ran. Once the trigger is gone, a run makes
     * both tables and migrates.
     */
    @Test
    void whenTheEventTableIsRefusedNoTrackingTableIsLeftBehind(TestDatabase database) {
        Sql.execute(database, "CREATE FUNCTION refuse_index() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS "
                + "(SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity LIKE "
                + "'%idx_tb_confiture_event_started_at') THEN RAISE EXCEPTION 'index refused'; END IF; END $$");
        Sql.execute(database, "CREATE EVENT TRIGGER refuse_index ON ddl_command_end WHEN TAG IN ('CREATE INDEX') "
                + "EXECUTE FUNCTION refuse_index()");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_effect.up.sql", "CREATE TABLE effect (x int);");
        try {
            assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOfSatisfying(ConfitureException.class,
                    failure -> assertThat(failure.getMessage()).contains("index refused"));

            assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
            assertThat(Sql.tableExists(database, "tb_confiture_event")).isFalse();
            assertThat(Sql.tableExists(database, "effect")).isFalse();
        }
        finally {
            Sql.execute(database, "DROP EVENT TRIGGER refuse_index");
        }
        assertThat(files.confiture(database).migrate().applied()).hasSize(1);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'tb_confiture' "
                + "AND indexname LIKE 'idx_%'")).isEqualTo("4");
    }

    /**
     * Applies {@code 001} (which creates the tracking tables), then installs a trigger on {@code table} that raises
     * when {@code condition} holds, and writes {@code 002_effect}, which creates a table.
     */
    private MigrationDirectory prepared(TestDatabase database, String table, String condition) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_first.up.sql", "CREATE TABLE first (x int);");
        files.confiture(database).migrate();
        Sql.execute(database, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF " + condition
                + " THEN RAISE EXCEPTION 'bookkeeping refused'; END IF; RETURN NEW; END $$");
        Sql.execute(database, "CREATE TRIGGER refuse BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION refuse()");
        return files.write("002_effect.up.sql", "CREATE TABLE effect (x int);\nINSERT INTO effect VALUES (1);\n");
    }
}
