package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every migration starts from the session state the run found, whatever the migrations before it set; the
 * bookkeeping runs as the connecting role. One run of N migrations and N runs of one give the same database.
 */
@ExtendWith(PostgresExtension.class)
class SessionStateTest {

    @TempDir
    Path directory;

    @Test
    void oneRunOfFourMigrationsLeavesWhatFourRunsLeave(TestDatabase database) {
        String role = "confiture_limited_" + UUID.randomUUID().toString().substring(0, 8);
        Sql.execute(database, "CREATE ROLE " + role + " NOLOGIN");
        try (TestDatabase oneByOne = SharedPostgres.createDatabase("one_by_one")) {
            MigrationDirectory files = new MigrationDirectory(directory)
                    .write("001_settings.up.sql", "CREATE SCHEMA other;\nGRANT ALL ON SCHEMA other TO " + role + ";\n"
                            + "SET search_path = other;\nSET statement_timeout = '100ms';\nSET lock_timeout = '1ms';\n"
                            + "SET ROLE " + role + ";\nSET app.tenant = 'acme';\n")
                    .write("002_table.up.sql", "CREATE TABLE t2 (tenant text DEFAULT current_setting('app.tenant', true));\n"
                            + "INSERT INTO t2 DEFAULT VALUES;\nSELECT pg_sleep(0.3);\n")
                    .write("003_steps.up.sql", "-- confiture: transactional=false\nSET ROLE " + role + ";\n"
                            + "CREATE TABLE other.t3 (x int);\nSET search_path = other;\n")
                    .write("004_after.up.sql", "CREATE TABLE t4 (x int);\n");

            assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(4);
            for (String target : List.of("001", "002", "003", "004")) {
                assertThat(files.confiture(oneByOne, builder -> builder.target(target)).migrate().appliedCount())
                        .isEqualTo(1);
            }

            assertThat(state(database)).isEqualTo(state(oneByOne)).contains(
                    "public.t2 owned by " + connectingUser(database), "public.t4 owned by " + connectingUser(database),
                    "other.t3 owned by " + role, "t2 holds [no tenant]");
            assertThat(Sql.column(database, "SELECT DISTINCT applied_by FROM tb_confiture"))
                    .containsExactly(connectingUser(database));
            assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'statement'"))
                    .as("the progress of 003, written after its SET ROLE to a role without rights on the event table")
                    .isEqualTo("3");
        }
        finally {
            Sql.execute(database, "DROP OWNED BY " + role);
            Sql.execute(database, "DROP ROLE " + role);
        }
    }

    @Test
    void temporaryTablesChannelsLocksCursorsAndPreparedStatementsOfAMigrationDoNotReachTheNext(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TEMP TABLE work_ids AS SELECT 1 AS id;\nCREATE TABLE a AS SELECT id FROM work_ids;\n"
                        + "LISTEN confiture_test;\nSELECT pg_advisory_lock(42);\n"
                        + "DECLARE batch CURSOR WITH HOLD FOR SELECT 1;\nPREPARE step AS SELECT 1;\n")
                .write("002_b.up.sql", "CREATE TEMP TABLE work_ids AS SELECT 2 AS id;\nCREATE TABLE b AS SELECT id FROM work_ids;\n"
                        + "DECLARE batch CURSOR WITH HOLD FOR SELECT 2;\nPREPARE step AS SELECT 2;\n"
                        + "CREATE TABLE seen AS SELECT (SELECT count(*) FROM pg_listening_channels()) AS channels, "
                        + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks;\n");

        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(2);

        assertThat(Sql.scalar(database, "SELECT id FROM b")).isEqualTo("2");
        assertThat(Sql.scalar(database, "SELECT channels || ' ' || locks FROM seen")).isEqualTo("0 0");
    }

    private static String connectingUser(TestDatabase database) {
        return Sql.scalar(database, "SELECT session_user");
    }

    /** Tables with their schema and owner, column defaults, and the tracking rows without their timings. */
    private static List<String> state(TestDatabase database) {
        List<String> state = new ArrayList<>(CatalogSnapshot.of(database));
        state.addAll(Sql.column(database, "SELECT n.nspname || '.' || c.relname || ' owned by ' "
                + "|| pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind = 'r' AND n.nspname IN ('public', 'other') ORDER BY 1"));
        // A custom setting a session has once set reads as '' after RESET, not as NULL (PostgreSQL keeps its
        // placeholder for the session's life), so the value, not its absence, is compared.
        state.add("t2 holds " + Sql.column(database, "SELECT coalesce(nullif(tenant, ''), 'no tenant') FROM public.t2"));
        state.addAll(Sql.column(database, "SELECT id || ' ' || slug || ' ' || checksum || ' ' || applied_by "
                + "FROM tb_confiture ORDER BY version"));
        return state;
    }
}
