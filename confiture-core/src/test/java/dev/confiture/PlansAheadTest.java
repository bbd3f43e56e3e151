package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations a run will apply are planned on a thread of their own while the run takes the lock: that thread
 * never connects (a routing data source picks its target by thread), and a file that cannot be planned is reported by
 * the run as before, nothing applied.
 */
@ExtendWith(PostgresExtension.class)
class PlansAheadTest {

    @TempDir
    Path directory;

    @Test
    void planningAheadNeverConnectsEvenForTheUserPlaceholder(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        for (int i = 1; i <= 5; i++) {
            files.write(String.format("%03d_m%d.up.sql", i, i), "CREATE TABLE t" + i + " (owner text DEFAULT '${confiture:user}');\n");
        }
        ThreadRecording recording = new ThreadRecording(database.dataSource());

        new Confiture(ConfitureConfiguration.builder().dataSource(recording).locations(files.location()).build()).migrate();

        assertThat(Sql.scalar(database, "SELECT column_default FROM information_schema.columns "
                + "WHERE table_name = 't5' AND column_name = 'owner'")).isEqualTo("'postgres'::text");
        assertThat(recording.threads).isNotEmpty().doesNotContain("confiture-plan-ahead");
    }

    @Test
    void aFileThatCannotBePlannedIsReportedByTheRunWithNothingApplied(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory);
        for (int i = 1; i <= 5; i++) {
            files.write(String.format("%03d_m%d.up.sql", i, i), (i == 4) ? "SELECT 'never closed;\n"
                    : "CREATE TABLE t" + i + " (x int);\n");
        }

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOfSatisfying(ConfitureException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
                    assertThat(ex.getMessage()).contains("004_m4.up.sql");
                });
        assertThat(Sql.tableExists(database, "public.t1")).isFalse();
    }

    /**
     * Planning ahead is a guess made before the lock: it never validates, so a run whose state has errors still
     * reports them first, as it did before (here rather than the unknown target).
     */
    @Test
    void aChangedAppliedFileIsReportedBeforeAnUnknownTarget(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);\n")
                .write("002_b.up.sql", "CREATE TABLE b (x int);\n");
        files.confiture(database).migrate();
        files.write("001_a.up.sql", "CREATE TABLE a (x bigint);\n").write("003_c.up.sql", "CREATE TABLE c (x int);\n")
                .write("004_d.up.sql", "CREATE TABLE d (x int);\n");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.target("999")).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        assertThat(Sql.tableExists(database, "public.c")).isFalse();
    }
}
