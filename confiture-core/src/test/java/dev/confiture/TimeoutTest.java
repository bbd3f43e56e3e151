package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.MigrationFailedException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * lock_timeout and statement_timeout: global defaults, header overrides, retries.
 */
@ExtendWith(PostgresExtension.class)
class TimeoutTest {

    @TempDir
    Path directory;

    @Test
    void migrationsRunWithTheGlobalDefaultsUnlessTheirHeadersSayOtherwise(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_defaults.up.sql", "CREATE TABLE seen AS SELECT 1 AS version, "
                        + "current_setting('lock_timeout') AS lock_timeout, "
                        + "current_setting('statement_timeout') AS statement_timeout;")
                .write("2_headers.up.sql", "-- confiture: lock-timeout=2s, statement-timeout=5m\n"
                        + "INSERT INTO seen SELECT 2, current_setting('lock_timeout'), current_setting('statement_timeout');")
                .write("3_non_transactional.up.sql", "-- confiture: transactional=false lock-timeout=750ms\n"
                        + "INSERT INTO seen SELECT 3, current_setting('lock_timeout'), current_setting('statement_timeout');");

        files.confiture(database, builder -> builder.statementTimeout(Duration.ofMinutes(1))).migrate();

        assertThat(Sql.rows(database, "SELECT version, lock_timeout, statement_timeout FROM seen ORDER BY version"))
                .containsExactly(java.util.List.of("1", "10s", "1min"), java.util.List.of("2", "2s", "5min"),
                        java.util.List.of("3", "750ms", "1min"));
    }

    @Test
    void aLockTimeoutIsRetriedThenReportedWithTheBlockingAdvice(TestDatabase database) throws Exception {
        Sql.execute(database, "CREATE TABLE busy (x int)");
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_alter.up.sql", "-- confiture: lock-timeout=100ms\nALTER TABLE busy ADD COLUMN y int;");
        try (Connection blocker = database.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> files.confiture(database, builder -> builder.lockTimeoutRetries(1)).migrate())
                    .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                        assertThat(failure.failure().sqlState()).isEqualTo("55P03");
                        assertThat(failure.hint()).contains("lock_timeout (PT0.1S)", "2 times", "pg_stat_activity");
                    });
            blocker.rollback();
        }
        assertThat(Sql.scalar(database, "SELECT details->>'lock_timeout_retries' FROM tb_confiture_event "
                + "WHERE kind = 'migrate'")).isEqualTo("1");
        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
    }
}
