package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.jdbc.PreparedAcrossDdl;
import dev.confiture.migration.Migration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.core.BaseConnection;

/**
 * A run of DDL migrations keeps its bookkeeping statements prepared on the server (the driver would otherwise forget
 * them after every CREATE, ALTER or DROP, and the server would parse and plan them again for every migration), while
 * the user's Java code runs with the driver's default and the connection goes back with the driver's setting.
 */
@ExtendWith(PostgresExtension.class)
class PreparedAcrossDdlTest {

    @TempDir
    Path directory;

    @Test
    void theTrackingRowsInsertIsPreparedOnceForARunOfDdlMigrations(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        for (int i = 1; i <= 10; i++) {
            files.write(String.format("%03d_t%d.up.sql", i, i), "CREATE TABLE t" + i + " (x int);\n");
        }
        // the run's own connection, as the last migration sees it: the statements the driver prepared on the server
        files.write("011_capture.up.sql", "CREATE TABLE prepared AS SELECT statement, prepare_time "
                + "FROM pg_prepared_statements WHERE NOT from_sql;\n");

        files.confiture(database).migrate();

        assertThat(Sql.scalar(database, "SELECT count(*) FROM prepared WHERE statement LIKE 'INSERT INTO \"public\".\"tb_confiture\" %'"))
                .as("the tracking row's insert is a server-prepared statement").isEqualTo("1");
        // forgotten after each DDL, it would have been prepared again in the commit of 010, after 009 began
        assertThat(Sql.scalar(database, "SELECT p.prepare_time < t.applied_at FROM prepared p, tb_confiture t "
                + "WHERE p.statement LIKE 'INSERT INTO \"public\".\"tb_confiture\" %' AND t.version = '009'"))
                .as("prepared before the last DDL migrations, and kept across them").isEqualTo("t");
    }

    /** The statements kept prepared are the ones PostgreSQL plans again by itself when what they use changes. */
    @Test
    void migrationsThatAlterTheBookkeepingTablesMidRunAreRecordedLikeAnyOther(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        for (int i = 1; i <= 12; i++) {
            String sql = switch (i) {
                case 7 -> "ALTER TABLE tb_confiture ALTER COLUMN applied_by TYPE varchar(200);\n"
                        + "ALTER TABLE tb_confiture_event ADD COLUMN note text DEFAULT 'x';\n";
                case 9 -> "ALTER TABLE tb_confiture_event DROP COLUMN note;\n"
                        + "ALTER TABLE tb_confiture ALTER COLUMN applied_by TYPE text;\n";
                default -> "CREATE TABLE t" + i + " (x int);\n";
            };
            files.write(String.format("%03d_m%d.up.sql", i, i), sql);
        }

        assertThat(files.confiture(database).migrate().applied()).hasSize(12);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("12");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'migrate' AND status = 'succeeded'"))
                .isEqualTo("12");
    }

    @Test
    void javaMigrationsRunWithTheDriversDefaultAndTheConnectionGoesBackAsItCame(TestDatabase database) throws Exception {
        List<Boolean> seen = new ArrayList<>();
        Migration java = new Migration() {

            @Override
            public String version() {
                return "002";
            }

            @Override
            public String name() {
                return "java";
            }

            @Override
            public void up(Connection connection) throws Exception {
                seen.add(connection.unwrap(BaseConnection.class).getQueryExecutor().isFlushCacheOnDdl());
            }
        };
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);\n")
                .write("003_c.up.sql", "CREATE TABLE c (x int);\n");

        new Confiture(ConfitureConfiguration.builder().dataSource(database.dataSource()).locations(files.location())
                .javaMigrations(List.of(java)).build()).migrate();

        assertThat(seen).as("a run with Java migrations leaves the driver's setting alone").containsExactly(true);
        try (Connection connection = database.connect()) {
            BaseConnection driver = connection.unwrap(BaseConnection.class);
            for (boolean setting : new boolean[] { true, false }) {
                driver.getQueryExecutor().setFlushCacheOnDdl(setting);
                try (PreparedAcrossDdl kept = PreparedAcrossDdl.keep(connection)) {
                    assertThat(driver.getQueryExecutor().isFlushCacheOnDdl()).isFalse();
                }
                assertThat(driver.getQueryExecutor().isFlushCacheOnDdl()).as("put back").isEqualTo(setting);
            }
        }
    }

    /**
     * A pooled connection goes back as if the driver had seen the run's DDL: a query the application had prepared on
     * it before the run, over a table a migration changed, is prepared again instead of failing with "cached plan
     * must not change result type" inside the application's next transaction.
     */
    @Test
    void theConnectionGoesBackAsIfTheDriverHadSeenTheRunsDdl(TestDatabase database) throws Exception {
        Sql.execute(database, "CREATE TABLE app_settings (x int); INSERT INTO app_settings VALUES (1)");
        try (Connection connection = database.connect()) {
            for (int i = 0; i < 6; i++) {
                // the sixth is a server-prepared statement of the driver's (prepareThreshold 5)
                assertThat(columns(connection)).isEqualTo(1);
            }
            try (PreparedAcrossDdl kept = PreparedAcrossDdl.keep(connection);
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE app_settings ADD COLUMN y int");
            }
            connection.setAutoCommit(false);
            assertThat(columns(connection)).isEqualTo(2);
            connection.rollback();
        }
    }

    /**
     * An event trigger that refuses DROP TABLE refuses the statement that has the driver forget: the run still
     * succeeds (a warning says what the application may see), and nothing else is dropped or changed.
     */
    @Test
    void aRefusedForgetDoesNotFailTheRun(TestDatabase database) {
        Sql.execute(database, "CREATE FUNCTION no_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF tg_tag = 'DROP TABLE' THEN RAISE EXCEPTION 'no DROP TABLE here'; END IF; END $$");
        Sql.execute(database, "CREATE EVENT TRIGGER no_drop ON ddl_command_start EXECUTE FUNCTION no_drop()");
        try {
            MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);\n")
                    .write("002_b.up.sql", "CREATE TABLE b (x int);\n");

            assertThat(files.confiture(database).migrate().applied()).hasSize(2);
            assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("2");
        }
        finally {
            Sql.execute(database, "DROP EVENT TRIGGER no_drop");
        }
    }

    private static int columns(Connection connection) throws java.sql.SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT * FROM app_settings");
                java.sql.ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getMetaData().getColumnCount();
        }
    }
}
