package dev.confiture.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.ResolvedMigration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Planning ahead of the run ({@link PlansAhead}) plans what needs neither the database nor a read of a large file, and
 * leaves the rest to the run.
 */
class ScriptPlannerAheadTest {

    @TempDir
    Path directory;

    @Test
    void plansAheadWhatNeedsNoConnectionNorALargeReadAndLeavesTheRestToTheRun() throws Exception {
        Files.writeString(directory.resolve("001_plain.up.sql"), "CREATE TABLE a (x int);\n");
        Files.writeString(directory.resolve("002_user.up.sql"), "CREATE TABLE b (owner text DEFAULT '${confiture:user}');\n");
        StringBuilder large = new StringBuilder();
        while (large.length() <= (5 << 20)) {
            large.append("INSERT INTO c VALUES (1, 'a row of a file too large to hold');\n");
        }
        Files.writeString(directory.resolve("003_large.up.sql"), large, StandardCharsets.UTF_8);
        // nothing listens there: a plan that connects fails
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
        ConfitureConfiguration configuration = ConfitureConfiguration.builder().dataSource(unreachable)
                .locations("filesystem:" + directory).build();
        List<ResolvedMigration> migrations = new Confiture(configuration).discover().migrations();
        ScriptPlanner planner = new ScriptPlanner(configuration);

        assertThat(planner.planAhead(migrations.get(0))).isTrue();
        assertThat(planner.planAhead(migrations.get(1))).as("needs the database user").isFalse();
        assertThat(planner.planAhead(migrations.get(2))).as("too large to hold").isFalse();
        // the run plans them itself, and connects for the placeholder as it always did
        assertThat(planner.plan(migrations.get(2)).streamed()).isNotNull();
        assertThatThrownBy(() -> planner.plan(migrations.get(1))).isInstanceOfSatisfying(ConfitureException.class,
                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DATABASE_ERROR));
    }
}
