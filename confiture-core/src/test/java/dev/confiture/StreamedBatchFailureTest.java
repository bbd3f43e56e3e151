package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.MigrationFailedException;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement that fails in the middle of a batch of a streamed file (its statements go many per round trip) is the
 * one named, with its own line and column, not the first statement of its batch: the driver marks every statement
 * of a failed batch as failed inside a transaction, so its counts cannot tell which one the server refused.
 */
@ExtendWith(PostgresExtension.class)
class StreamedBatchFailureTest {

    @TempDir
    Path directory;

    @Test
    void aStatementFailingInTheMiddleOfABatchIsNamedWithItsOwnPosition(TestDatabase database) {
        StringBuilder script = new StringBuilder("CREATE TABLE t (id int PRIMARY KEY, body text);\n");
        // one statement above the batch's size limit: sent alone, so the small ones after it start a batch
        script.append("INSERT INTO t VALUES (-1, '").append("x".repeat((int) MigrationCatalog.STREAMING_THRESHOLD_BYTES + 1_000))
                .append("');\n");
        for (int i = 0; i < 400; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'small');\n");
        }
        // only fails because of what a statement before it in the same batch did
        script.append("ALTER TABLE t ADD CONSTRAINT below_1000 CHECK (id < 1000);\n");
        for (int i = 400; i < 700; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'small');\n");
        }
        String failing = "INSERT INTO t VALUES (1000,\n    'too high');\n";
        script.append(failing);
        for (int i = 700; i < 800; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'small');\n");
        }
        String text = script.toString();
        int line = (int) text.substring(0, text.indexOf(failing)).lines().count() + 1;
        MigrationDirectory files = new MigrationDirectory(directory).writeBytes("001_big.up.sql",
                text.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("below_1000");
                    assertThat(failure.location()).isNotNull();
                    assertThat(failure.location().line()).as(failure.getMessage()).isEqualTo(line);
                });
        assertThat(Sql.scalar(database, "SELECT to_regclass('t') IS NULL")).isEqualTo("t");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
        assertThat(Sql.column(database, "SELECT status || ' ' || (details->>'line') FROM tb_confiture_event "
                + "WHERE kind = 'migrate'")).as("one failure recorded, at the failing line").containsExactly("failed "
                        + line);
    }

    /**
     * A batch cancelled by statement_timeout (or a stop request) is not run again to find its statement: that would
     * wait as long again, or not stop. What a rollback does not undo ({@code nextval}) shows whether it ran again.
     */
    @Test
    void aBatchCancelledByTheStatementTimeoutIsNotRunAgain(TestDatabase database) {
        StringBuilder script = new StringBuilder("-- confiture: statement-timeout=1s\n");
        script.append("CREATE TABLE t (id bigint, body text);\n");
        script.append("INSERT INTO t VALUES (-1, '").append("x".repeat((int) MigrationCatalog.STREAMING_THRESHOLD_BYTES))
                .append("');\n");
        script.append("INSERT INTO t VALUES (nextval('seq'), 'counted');\n");
        script.append("CREATE TABLE slow AS SELECT 1 AS x FROM pg_sleep(30);\n");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_seq.up.sql", "CREATE SEQUENCE seq;")
                .writeBytes("002_big.up.sql", script.toString().getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> assertThat(failure.getMessage())
                        .contains("statement timeout"));
        assertThat(Sql.scalar(database, "SELECT last_value FROM seq")).as("the batch ran once").isEqualTo("1");
        assertThat(Sql.scalar(database, "SELECT to_regclass('t') IS NULL")).isEqualTo("t");
    }
}
