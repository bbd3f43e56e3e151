package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.PgBouncer;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Behind PgBouncer in transaction mode the lock still excludes and never leaks: the lock session holds its locks in
 * a transaction, which the pooler pins to one server connection, and they end with it.
 */
@ExtendWith(PostgresExtension.class)
class PgBouncerTest {

    private static final int MIGRATIONS = 30;

    @TempDir
    Path directory;

    @BeforeAll
    static void pgbouncerIsInstalled() {
        String reason = PgBouncer.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
    }

    @Test
    void sixConcurrentMigratorsThroughATransactionPoolerApplyEveryMigrationOnceAndLeaveNoLock(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("000_log.up.sql",
                "CREATE TABLE applied_log (version int NOT NULL);");
        for (int version = 1; version <= MIGRATIONS; version++) {
            String body = "CREATE TABLE t_" + version + " (x int);\nINSERT INTO applied_log VALUES (" + version + ");\n"
                    + "SELECT pg_sleep(0.01);\n";
            files.write(String.format("%03d_step.up.sql", version),
                    (version % 10 == 0) ? "-- confiture: transactional=false\n" + body : body);
        }
        try (PgBouncer bouncer = PgBouncer.start(database, 4)) {
            PGSimpleDataSource pooled = new PGSimpleDataSource();
            pooled.setURL(bouncer.jdbcUrl());
            List<CompletableFuture<Integer>> migrators = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                migrators.add(CompletableFuture.supplyAsync(() -> new Confiture(ConfitureConfiguration.builder()
                        .dataSource(pooled).locations(files.location()).build()).migrate().appliedCount()));
            }

            int applied = migrators.stream().mapToInt(CompletableFuture::join).sum();

            assertThat(applied).as("pgbouncer log:%n%s", bouncer.log()).isEqualTo(MIGRATIONS + 1);
            assertThat(Sql.scalar(database, "SELECT count(*) || ' ' || count(DISTINCT version) FROM applied_log"))
                    .as("every migration's insert ran exactly once").isEqualTo(MIGRATIONS + " " + MIGRATIONS);
            assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .as("no lock left behind on a pooled server connection").isEqualTo("0");
        }
    }
}
