package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.MigrationFailedException;
import dev.confiture.config.OnFailure;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One journal per run: every event of one call, whoever writes it (the run, a transactional migration, the progress
 * of a statement-by-statement script, the downs of a rollback-run and their own progress), carries the run's id.
 */
@ExtendWith(PostgresExtension.class)
class RunJournalTest {

    @TempDir
    Path directory;

    @Test
    void upsTheirStatementsAndTheDownsOfARollbackRunAreOneRun(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create.up.sql", "CREATE TABLE a (x int);")
                .write("001_create.down.sql", "DROP TABLE a;")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY a_x ON a (x);")
                .write("002_index.down.sql", "DROP INDEX CONCURRENTLY a_x;")
                .write("003_fails.up.sql", "SELECT 1 / 0;")
                .write("003_fails.down.sql", "SELECT 1;");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.onFailure(OnFailure.ROLLBACK_RUN)).migrate())
                .isInstanceOf(MigrationFailedException.class);

        assertThat(Sql.column(database, "SELECT DISTINCT kind || ' ' || status FROM tb_confiture_event ORDER BY 1"))
                .contains("migrate succeeded", "statement succeeded", "migrate failed", "rollback pending",
                        "rollback succeeded", "run failed");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'statement' "
                + "AND version = '002'")).as("the up and the down of 002 each recorded their statement").isEqualTo("4");
        assertThat(Sql.scalar(database, "SELECT count(DISTINCT run_id) FROM tb_confiture_event")).isEqualTo("1");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }
}
