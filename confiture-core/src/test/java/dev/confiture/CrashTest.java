package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.execution.MigrateResult;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of a migrating process at random points: nothing is ever half-applied, the lock is free
 * again, status explains an interrupted non-transactional migration, and the next run completes.
 * Rounds: {@code -Dconfiture.crash.rounds} (default 20); the seed is logged to replay a round.
 */
@ExtendWith(PostgresExtension.class)
class CrashTest {

    private static final Logger logger = LoggerFactory.getLogger(CrashTest.class);

    private static final int ROUNDS = Integer.getInteger("confiture.crash.rounds", 20);

    private static final int[] TRANSACTIONAL = { 2, 3, 4, 5, 6, 8, 9, 10 };

    @TempDir
    Path directory;

    @Test
    void killedAtRandomPointsNeverHalfAppliesAndTheNextRunCompletes() throws Exception {
        long seed = Long.getLong("confiture.crash.seed", System.nanoTime());
        logger.info("crash test seed {} (replay with -Dconfiture.crash.seed={})", seed, seed);
        Random random = new Random(seed);
        MigrationDirectory files = migrations();
        int interruptedNonTransactional = 0;
        int insideAMigration = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            try (TestDatabase database = SharedPostgres.createDatabase("crash_" + round)) {
                long killAfterMs = 500 + random.nextInt(1800);
                Process process = JavaProcess.migrate(database, files.location(), directory.resolve("round-" + round + ".log"));
                Thread.sleep(killAfterMs);
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                awaitOtherSessionsGone(database);

                String context = "round " + round + " (seed " + seed + ", killed after " + killAfterMs + " ms)";
                assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                        .as("lock free, " + context).isEqualTo("0");
                assertNothingHalfApplied(database, context);
                if (killedInsideATransactionalMigration(database)) {
                    insideAMigration++;
                }
                if (interruptedNonTransactionalMigration(database)) {
                    insideAMigration++;
                    interruptedNonTransactional++;
                    StatusReport status = files.confiture(database).status();
                    assertThat(status.migration("007").orElseThrow().status().value()).as(context).isEqualTo("failed");
                    assertThat(status.problems()).as(context).anySatisfy(problem -> {
                        assertThat(problem.version()).isEqualTo("007");
                        assertThat(problem.message()).contains("interrupted", "statements completed");
                    });
                }

                MigrateResult rerun = files.confiture(database).migrate();

                assertThat(rerun.currentVersion()).as(context).isEqualTo("010");
                assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).as(context).isEqualTo("10");
                assertNothingHalfApplied(database, context);
                assertThat(Sql.scalar(database, "SELECT count(*) FROM crash_log")).as(context).isEqualTo("8");
                assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).as(context)
                        .isEqualTo("0");
                assertThat(Sql.tableExists(database, "nt_c")).as(context).isTrue();
            }
        }
        logger.info("{} of {} rounds killed the process inside a migration, {} of them inside the non-transactional one",
                insideAMigration, ROUNDS, interruptedNonTransactional);
        assertThat(insideAMigration).as("kills that landed inside a migration (seed %d): without them this test would "
                + "only prove that killing between migrations is harmless", seed).isPositive();
    }

    private MigrationDirectory migrations() {
        MigrationDirectory files = new MigrationDirectory(directory.resolve("migrations"))
                .write("001_create_log.up.sql", "CREATE TABLE crash_log (step int NOT NULL);\n"
                        + "CREATE SEQUENCE crash_started;")
                .write("007_non_transactional.up.sql", "-- confiture: transactional=false\n"
                        + "CREATE TABLE nt_a (x int);\n"
                        + "SELECT pg_sleep(0.2);\n"
                        + "CREATE TABLE nt_b (x int);\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_nt_a ON nt_a (x);\n"
                        + "SELECT pg_sleep(0.2);\n"
                        + "CREATE TABLE nt_c (x int);\n");
        for (int step : TRANSACTIONAL) {
            // nextval survives a rollback: a value beyond the applied migrations is a migration the kill interrupted.
            files.write(String.format("%03d_step.up.sql", step), "SELECT nextval('crash_started');\n"
                    + "CREATE TABLE t_" + step + " (x int);\n"
                    + "SELECT pg_sleep(0.05);\n"
                    + "INSERT INTO crash_log VALUES (" + step + ");\n"
                    + "CREATE INDEX idx_t_" + step + " ON t_" + step + " (x);");
        }
        return files;
    }

    private static void assertNothingHalfApplied(TestDatabase database, String context) {
        boolean tracked = Sql.tableExists(database, "tb_confiture");
        for (int step : TRANSACTIONAL) {
            boolean recorded = tracked && "1".equals(Sql.scalar(database,
                    "SELECT count(*) FROM tb_confiture WHERE version = '" + String.format("%03d", step) + "'"));
            boolean logged = Sql.tableExists(database, "crash_log")
                    && "1".equals(Sql.scalar(database, "SELECT count(*) FROM crash_log WHERE step = " + step));
            assertThat(Sql.tableExists(database, "t_" + step)).as("table of %d, %s", step, context).isEqualTo(recorded);
            assertThat(logged).as("log row of %d, %s", step, context).isEqualTo(recorded);
        }
    }

    private static boolean killedInsideATransactionalMigration(TestDatabase database) {
        if (!Sql.tableExists(database, "crash_started")) {
            return false;
        }
        int started = Integer.parseInt(Sql.scalar(database,
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM crash_started"));
        int applied = Integer.parseInt(Sql.scalar(database, "SELECT count(*) FROM crash_log"));
        return started > applied;
    }

    private static boolean interruptedNonTransactionalMigration(TestDatabase database) {
        return Sql.tableExists(database, "nt_a") && !"1".equals(Sql.scalar(database,
                "SELECT count(*) FROM tb_confiture WHERE version = '007'"));
    }

    /**
     * A killed client's backend may still finish its current statement before it notices the
     * connection is gone; the invariants hold once it has.
     */
    private static void awaitOtherSessionsGone(TestDatabase database) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if ("0".equals(Sql.scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND pid <> pg_backend_pid()"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the killed migrator's sessions did not end within 30 s");
    }
}
