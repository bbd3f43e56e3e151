package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen migrators on one database at once, as threads with their own connections and as separate
 * JVM processes: every migration is applied exactly once and nobody fails. The soak profile repeats
 * this ({@code -Dconfiture.soak.rounds}, see the root POM).
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentMigratorsTest {

    static final int MIGRATORS = 16;

    static final int ROUNDS = Integer.getInteger("confiture.soak.rounds", 1);

    @TempDir
    Path directory;

    @Test
    void sixteenThreadsApplyEveryMigrationExactlyOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (TestDatabase database = dev.confiture.testing.postgres.SharedPostgres.createDatabase("threads_" + round)) {
                MigrationDirectory files = migrations(directory.resolve("threads-" + round));
                CyclicBarrier start = new CyclicBarrier(MIGRATORS);
                ExecutorService pool = Executors.newFixedThreadPool(MIGRATORS);
                List<Future<MigrateResult>> results = new ArrayList<>();
                try {
                    for (int i = 0; i < MIGRATORS; i++) {
                        results.add(pool.submit(() -> {
                            Confiture confiture = files.confiture(database);
                            start.await();
                            return confiture.migrate();
                        }));
                    }
                    int applied = 0;
                    for (Future<MigrateResult> result : results) {
                        applied += result.get(5, TimeUnit.MINUTES).appliedCount();
                    }
                    assertThat(applied).as("round %d", round).isEqualTo(MIGRATION_COUNT);
                }
                finally {
                    pool.shutdownNow();
                }
                assertAppliedExactlyOnce(database);
            }
        }
    }

    @Test
    void sixteenProcessesApplyEveryMigrationExactlyOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (TestDatabase database = dev.confiture.testing.postgres.SharedPostgres.createDatabase("processes_" + round)) {
                MigrationDirectory files = migrations(directory.resolve("processes-" + round));
                List<Process> processes = new ArrayList<>();
                List<Path> outputs = new ArrayList<>();
                for (int i = 0; i < MIGRATORS; i++) {
                    Path output = directory.resolve("process-" + round + "-" + i + ".log");
                    outputs.add(output);
                    processes.add(JavaProcess.migrate(database, files.location(), output));
                }
                int applied = 0;
                for (int i = 0; i < MIGRATORS; i++) {
                    Process process = processes.get(i);
                    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
                    String output = Files.readString(outputs.get(i));
                    assertThat(process.exitValue()).as(output).isZero();
                    applied += Integer.parseInt(output.lines().filter(line -> line.startsWith("APPLIED "))
                            .findFirst().orElseThrow().substring("APPLIED ".length()));
                }
                assertThat(applied).as("round %d", round).isEqualTo(MIGRATION_COUNT);
                assertAppliedExactlyOnce(database);
            }
        }
    }

    private static final int MIGRATION_COUNT = 12;

    private static MigrationDirectory migrations(Path directory) throws Exception {
        Files.createDirectories(directory);
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_log.up.sql", "CREATE TABLE applied_log (version int NOT NULL);");
        for (int version = 2; version <= MIGRATION_COUNT - 1; version++) {
            files.write(String.format("%03d_step.up.sql", version), "CREATE TABLE step_" + version + " (x int);\n"
                    + "INSERT INTO applied_log VALUES (" + version + ");");
        }
        files.write(String.format("%03d_index.up.sql", MIGRATION_COUNT),
                "CREATE INDEX CONCURRENTLY idx_applied_log ON applied_log (version);\n"
                        + "INSERT INTO applied_log VALUES (" + MIGRATION_COUNT + ");");
        return files;
    }

    private static void assertAppliedExactlyOnce(TestDatabase database) {
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo(String.valueOf(MIGRATION_COUNT));
        assertThat(Sql.scalar(database, "SELECT count(*) || ' ' || count(DISTINCT version) FROM applied_log"))
                .isEqualTo((MIGRATION_COUNT - 1) + " " + (MIGRATION_COUNT - 1));
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE status = 'failed'")).isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
    }
}
