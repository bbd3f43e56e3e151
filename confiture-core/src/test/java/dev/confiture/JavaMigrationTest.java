package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.MigrationFailedException;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.migration.Migration;
import dev.confiture.migration.MigrationMetadata;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java migrations run between SQL files by version, in a transaction with their tracking row.
 */
@ExtendWith(PostgresExtension.class)
class JavaMigrationTest {

    @TempDir
    Path directory;

    @Test
    void javaMigrationsRunInVersionOrderBetweenSqlFiles(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_create.up.sql", "CREATE TABLE tb_note (n int);")
                .write("3_more.up.sql", "INSERT INTO tb_note VALUES (3);");

        MigrateResult result = confiture(database, files, new SqlMigration("2", "backfill",
                "INSERT INTO tb_note VALUES (2)")).migrate();

        assertThat(result.applied()).extracting("slug").containsExactly("1_create", "2_backfill", "3_more");
        assertThat(Sql.column(database, "SELECT n FROM tb_note ORDER BY n")).containsExactly("2", "3");
        assertThat(Sql.scalar(database, "SELECT checksum IS NULL FROM tb_confiture WHERE version = '2'")).isEqualTo("t");
    }

    @Test
    void aFailingJavaMigrationIsRolledBackWithoutATrackingRow(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_create.up.sql", "CREATE TABLE tb_note (n int);");
        Migration failing = new SqlMigration("2", "half_done", "INSERT INTO tb_note VALUES (2)") {
            @Override
            public void up(Connection connection) throws Exception {
                super.up(connection);
                throw new IllegalStateException("the backfill found inconsistent data");
            }
        };

        assertThatThrownBy(() -> confiture(database, files, failing).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().slug()).isEqualTo("2_half_done");
                    assertThat(failure.failure().statement()).isZero();
                    assertThat(failure.getMessage()).contains("IllegalStateException", "inconsistent data");
                });
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_note")).isEqualTo("0");
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("1");
    }

    @Test
    void aJavaMigrationDeclaredNonTransactionalRunsItsUpAndItsDown(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        Migration autocommit = new SqlMigration("1", "autocommit", "CREATE INDEX CONCURRENTLY idx_made ON made (x)") {
            @Override
            public void up(Connection connection) throws Exception {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE made (x int)");
                }
                super.up(connection);
            }

            @Override
            public boolean reversible() {
                return true;
            }

            @Override
            public void down(Connection connection) throws Exception {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE made");
                }
            }

            @Override
            public MigrationMetadata metadata() {
                return new MigrationMetadata(null, null, null, false, false, null, null);
            }
        };

        assertThat(confiture(database, files, autocommit).migrate().applied()).singleElement()
                .satisfies(execution -> assertThat(execution.transactional()).isFalse());
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_made'")).isEqualTo("1");

        assertThat(confiture(database, files, autocommit).down(1).reverted()).extracting("slug").containsExactly("1_autocommit");
        assertThat(Sql.tableExists(database, "made")).as("its down ran").isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    private static Confiture confiture(TestDatabase database, MigrationDirectory files, Migration migration) {
        return new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource())
                .locations(files.location()).javaMigrations(List.of(migration)).build());
    }

    private static class SqlMigration implements Migration {

        private final String version;

        private final String name;

        private final String sql;

        SqlMigration(String version, String name, String sql) {
            this.version = version;
            this.name = name;
            this.sql = sql;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void up(Connection connection) throws Exception {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
