package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.safety.Finding;
import dev.confiture.safety.LockMode;
import dev.confiture.safety.SafetyPlan;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan()}: the zero-downtime analysis of the pending migrations, read-only, with the sizes of the tables they
 * touch; a file allows a rule with {@code -- confiture: allow=rule-id}.
 */
@ExtendWith(PostgresExtension.class)
class PlanTest {

    @TempDir
    Path directory;

    @Test
    void thePendingMigrationsAreAnalysedWithoutRunningAndAFileMayAllowARule(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_t.up.sql", "CREATE TABLE t (id int PRIMARY KEY, a int, v text);\n"
                        + "INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;\nANALYZE t;");
        files.confiture(database).migrate();
        files.write("002_index.up.sql", "CREATE INDEX i_a ON t (a);\nALTER TABLE t ADD COLUMN c int;")
                .write("003_allowed.up.sql", "-- confiture: allow=index-not-concurrent\nCREATE INDEX i_v ON t (v);")
                .write("004_new.up.sql", "CREATE TABLE n (x int);\nCREATE INDEX i_n ON n (x);");

        SafetyPlan plan = files.confiture(database).plan();

        assertThat(plan.migrations()).extracting("slug").containsExactly("002_index", "003_allowed", "004_new");
        assertThat(plan.migrations().get(0).findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule().id()).isEqualTo("index-not-concurrent");
            assertThat(finding.location().line()).isEqualTo(1);
            assertThat(finding.recipe()).contains("CONCURRENTLY");
        });
        assertThat(plan.migrations().get(0).strongestLock()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
        assertThat(plan.migrations().get(1).findings()).as("allowed by its file").isEmpty();
        assertThat(plan.migrations().get(1).allowed()).containsExactly("index-not-concurrent");
        assertThat(plan.migrations().get(2).findings()).as("a table created in the run is new").isEmpty();
        assertThat(plan.findings()).extracting(Finding::relation).containsExactly("t");
        assertThat(plan.relations().get("t")).satisfies(size -> {
            assertThat(size.rows()).isEqualTo(1000);
            assertThat(size.bytes()).isPositive();
        });
        assertThat(plan.relations()).doesNotContainKey("n");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_indexes WHERE indexname IN ('i_a', 'i_v')"))
                .as("nothing ran").isEqualTo("0");
    }
}
