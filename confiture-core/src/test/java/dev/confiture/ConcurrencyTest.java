package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
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
 * Several migrators on one database at once.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrencyTest {

    @TempDir
    Path directory;

    @Test
    void twoMigratorsAtOnceApplyEveryMigrationExactlyOnce(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_log.up.sql", "CREATE TABLE applied_log (version text NOT NULL);");
        for (int version = 2; version <= 20; version++) {
            files.write(String.format("%03d_step.up.sql", version),
                    "SELECT pg_sleep(0.01);\nINSERT INTO applied_log VALUES ('" + version + "');");
        }
        files.write("021_index.up.sql", "CREATE INDEX CONCURRENTLY idx_applied_log ON applied_log (version);");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    Confiture confiture = files.confiture(database);
                    start.await();
                    return confiture.migrate();
                }));
            }
            int applied = 0;
            for (Future<MigrateResult> result : results) {
                applied += result.get(120, TimeUnit.SECONDS).appliedCount();
            }
            assertThat(applied).isEqualTo(21);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("21");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM applied_log")).isEqualTo("19");
        assertThat(Sql.scalar(database, "SELECT count(DISTINCT version) FROM applied_log")).isEqualTo("19");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE status = 'failed'")).isEqualTo("0");
    }
}
