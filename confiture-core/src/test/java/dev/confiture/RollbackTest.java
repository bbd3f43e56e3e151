package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.Problem;
import dev.confiture.config.OnFailure;
import dev.confiture.execution.DownResult;
import dev.confiture.execution.RevertFailedException;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * down, and on-failure=rollback-run.
 */
@ExtendWith(PostgresExtension.class)
class RollbackTest {

    @TempDir
    Path directory;

    @Test
    void whenTheThirdOfFourMigrationsFailsRollbackRunRestoresTheSchemaOfBeforeTheRun(TestDatabase database) {
        MigrationDirectory files = fourMigrationsWhereTheThirdFails();
        Sql.execute(database, "CREATE TABLE tb_existing (id int PRIMARY KEY)");
        List<String> before = CatalogSnapshot.of(database);

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.onFailure(OnFailure.ROLLBACK_RUN)).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().slug()).isEqualTo("003_broken");
                    assertThat(failure.failure().migrationId()).isEqualTo(dev.confiture.migration.MigrationIds.idOf("003_broken"));
                    assertThat(failure.failure().rolledBack()).containsExactly("002_add_function", "001_create_customer");
                    assertThat(failure.failure().rollbackPending()).isEmpty();
                    assertThat(failure.getMessage()).contains("the schema is as it was before the run");
                });

        assertThat(CatalogSnapshot.of(database)).isEqualTo(before);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
        assertThat(Sql.column(database, "SELECT kind || ' ' || status || coalesce(' ' || version, '') "
                + "FROM tb_confiture_event ORDER BY pk_confiture_event")).containsExactly(
                        "run started",
                        "migrate succeeded 001",
                        "migrate succeeded 002",
                        "migrate failed 003",
                        "rollback pending 002",
                        "rollback pending 001",
                        "rollback succeeded 002",
                        "rollback succeeded 001",
                        "run failed");
        assertThat(Sql.column(database, "SELECT DISTINCT environment || ' ' || host FROM tb_confiture_event"))
                .singleElement().asString().startsWith("default ");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE started_at IS NULL "
                + "OR (status <> 'pending' AND status <> 'started' AND (finished_at IS NULL OR duration_ms IS NULL))")).isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT error FROM tb_confiture_event WHERE kind = 'migrate' AND status = 'failed'"))
                .contains("division by zero");
    }

    @Test
    void withTheDefaultPolicyTheMigrationsBeforeTheFailureStayApplied(TestDatabase database) {
        MigrationDirectory files = fourMigrationsWhereTheThirdFails();
        Sql.execute(database, "CREATE TABLE tb_existing (id int PRIMARY KEY)");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class,
                        failure -> assertThat(failure.failure().rolledBack()).isEmpty());

        assertThat(Sql.column(database, "SELECT version FROM tb_confiture ORDER BY version")).containsExactly("001", "002");
    }

    @Test
    void aDownThatFailsDuringRollbackRunLeavesRollbackPendingAndSaysWhatToRun(TestDatabase database) {
        MigrationDirectory files = fourMigrationsWhereTheThirdFails()
                .write("002_add_function.down.sql", "DROP FUNCTION fn_no_such_function();");
        Sql.execute(database, "CREATE TABLE tb_existing (id int PRIMARY KEY)");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.onFailure(OnFailure.ROLLBACK_RUN)).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().rolledBack()).isEmpty();
                    assertThat(failure.failure().rollbackPending()).containsExactly("002_add_function", "001_create_customer");
                    assertThat(failure.getMessage()).contains("the down of 002_add_function failed",
                            "002_add_function.down.sql", "run down 2 step(s)", "repair");
                });

        StatusReport status = files.confiture(database).status();
        assertThat(status.migration("002").orElseThrow().status().value()).isEqualTo("rollback_pending");
        assertThat(status.migration("001").orElseThrow().status().value()).isEqualTo("rollback_pending");
        assertThat(status.problems()).extracting(Problem::code).contains(ErrorCode.ROLLBACK_PENDING);
    }

    @Test
    void rollbackRunRefusesToStartWhenAMigrationItMayApplyHasNoDown(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("001_a.down.sql", "DROP TABLE a;")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.onFailure(OnFailure.ROLLBACK_RUN)).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DOWN_MISSING))
                .hasMessageContaining("002_b.up.sql has no 002_b.down.sql");
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void downRevertsTheNewestMigrationsWithTheirDownScripts(TestDatabase database) {
        MigrationDirectory files = threeReversibleMigrations();
        files.confiture(database).migrate();

        DownResult result = files.confiture(database).down(2);

        assertThat(result.reverted()).extracting("slug").containsExactly("003_c", "002_b");
        assertThat(result.currentVersion()).isEqualTo("001");
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("001");
        assertThat(Sql.tableExists(database, "c")).isFalse();
        assertThat(Sql.tableExists(database, "b")).isFalse();
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture_event WHERE kind = 'rollback' "
                + "AND status = 'succeeded' ORDER BY pk_confiture_event")).containsExactly("003", "002");
        assertThat(files.confiture(database).migrate().applied()).extracting("slug").containsExactly("002_b", "003_c");
    }

    @Test
    void downToAVersionKeepsThatVersion(TestDatabase database) {
        MigrationDirectory files = threeReversibleMigrations();
        files.confiture(database).migrate();

        assertThat(files.confiture(database).downTo("001").reverted()).extracting("version").containsExactly("003", "002");
        assertThat(files.confiture(database).downTo("0").reverted()).extracting("version").containsExactly("001");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    @Test
    void downToZeroRevertsAMigrationWhoseVersionIsZeroToo(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("0_init.up.sql", "CREATE TABLE zero (x int);").write("0_init.down.sql", "DROP TABLE zero;")
                .write("1_next.up.sql", "CREATE TABLE one (x int);").write("1_next.down.sql", "DROP TABLE one;");
        files.confiture(database).migrate();

        assertThat(files.confiture(database).downTo("0").reverted()).extracting("version").containsExactly("1", "0");
        assertThat(Sql.tableExists(database, "zero")).isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    @Test
    void aNonTransactionalDownRunsStatementByStatement(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE t (x int);")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY idx_t_x ON t (x);")
                .write("002_index.down.sql", "DROP INDEX CONCURRENTLY idx_t_x;");
        files.confiture(database).migrate();

        assertThat(files.confiture(database).down(1).reverted()).singleElement()
                .satisfies(reverted -> assertThat(reverted.transactional()).isFalse());
        assertThat(Sql.column(database, "SELECT indexname FROM pg_indexes WHERE tablename = 't'")).isEmpty();
    }

    @Test
    void aNonTransactionalDownThatFailsPartWaySaysWhatRanAndResumesAtTheFailedStatement(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_t.up.sql", "CREATE TABLE t (x int);\nCREATE INDEX t_x ON t (x);\n")
                .write("001_t.down.sql", "DROP INDEX CONCURRENTLY t_x;\nDROP TABLE gone;\nDROP TABLE t;\n");
        files.confiture(database).migrate();

        assertThatThrownBy(() -> files.confiture(database).down(1))
                .isInstanceOfSatisfying(RevertFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("The down of 001_t failed at statement 2 of 3 (DROP TABLE gone)",
                            "Statements [1] of the down already ran and stay done",
                            "resumes at the failed statement");
                    assertThat(failure.location().line()).isEqualTo(2);
                });
        assertThat(files.confiture(database).status().migrations()).singleElement()
                .satisfies(migration -> assertThat(migration.status()).hasToString("ROLLBACK_PENDING"));

        Sql.execute(database, "CREATE TABLE gone (x int)");
        DownResult down = files.confiture(database).down(1);

        assertThat(down.reverted()).extracting("slug").containsExactly("001_t");
        assertThat(Sql.tableExists(database, "t")).isFalse();
        assertThat(Sql.tableExists(database, "gone")).isFalse();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
        assertThat(Sql.column(database, "SELECT details->>'statement' FROM tb_confiture_event WHERE kind = 'statement' "
                + "AND status = 'succeeded' ORDER BY pk_confiture_event")).as("statement 1 ran once, in the first attempt")
                .containsExactly("1", "2", "3");
    }

    @Test
    void aDownHeaderThatWouldGateOrTimeNothingIsRefusedNotIgnored(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("001_a.down.sql", "-- Drops everything.\n-- confiture: risk=high, approval=required\nDROP TABLE a;");
        files.confiture(database).migrate();

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.environment("production")).down(1))
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
                    assertThat(ex.getMessage()).contains("A down script does not read the header key 'approval'",
                            "001_a.down.sql, line 2");
                });
        assertThat(Sql.tableExists(database, "a")).isTrue();
        assertThat(files.confiture(database).status().problems()).extracting(Problem::code)
                .containsExactly(ErrorCode.INVALID_METADATA_HEADER);

        files.write("001_a.down.sql", "-- confiture: lock-timeout=5s\nDROP TABLE a;");
        assertThatThrownBy(() -> files.confiture(database).down(1)).hasMessageContaining("a down runs with its up's "
                + "timeouts");
    }

    @Test
    void aMissingDownIsRefusedBeforeAnythingIsRevertedNamingTheFiles(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);")
                .write("003_c.up.sql", "CREATE TABLE c (x int);")
                .write("003_c.down.sql", "DROP TABLE c;");
        files.confiture(database).migrate();

        assertThatThrownBy(() -> files.confiture(database).down(2))
                .isInstanceOfSatisfying(ConfitureException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DOWN_MISSING))
                .hasMessageContaining("002_b.up.sql has no 002_b.down.sql").hasMessageContaining("nothing was changed");
        assertThat(Sql.tableExists(database, "c")).isTrue();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("3");
    }

    @Test
    void aDownThatFailsLeavesTheMigrationAppliedAndRollbackPendingUntilRepaired(TestDatabase database) {
        MigrationDirectory files = threeReversibleMigrations().write("003_c.down.sql", "DROP TABLE no_such_table;");
        files.confiture(database).migrate();

        assertThatThrownBy(() -> files.confiture(database).down(1))
                .isInstanceOfSatisfying(RevertFailedException.class, ex -> {
                    assertThat(ex.version()).isEqualTo("003");
                    assertThat(ex.location().source()).endsWith("003_c.down.sql");
                    assertThat(ex.getMessage()).contains("no_such_table", "rollback-pending", "run down again");
                });
        assertThat(Sql.tableExists(database, "c")).isTrue();
        assertThat(files.confiture(database).status().migration("003").orElseThrow().status().value())
                .isEqualTo("rollback_pending");
        assertThat(files.confiture(database).validate().errors()).extracting(Problem::code)
                .containsExactly(ErrorCode.ROLLBACK_PENDING);

        assertThat(files.confiture(database).repair().actions()).containsExactly(
                "003_c: kept applied; no longer rollback-pending");
        assertThat(files.confiture(database).status().migration("003").orElseThrow().status().value()).isEqualTo("applied");
    }

    @Test
    void repairSaysWhichStatementsOfAPartlyRunAttemptStayDone(TestDatabase database) throws java.io.IOException {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_t.up.sql", "CREATE TABLE t (x int);\nCREATE INDEX t_x ON t (x);\n")
                .write("001_t.down.sql", "DROP INDEX CONCURRENTLY t_x;\nDROP TABLE gone;\nDROP TABLE t;\n")
                .write("002_u.up.sql", "-- confiture: transactional=false\nCREATE TABLE u (x int);\nSELECT 1/0;\n");
        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(files.confiture(database).repair().actions()).containsExactly("002_u: failed attempt cleared; the next "
                + "migrate starts it from statement 1, although 1 of its statements had completed and stay done: undo "
                + "them first, or the next migrate runs them again");

        java.nio.file.Files.delete(directory.resolve("002_u.up.sql"));
        assertThatThrownBy(() -> files.confiture(database).down(1)).isInstanceOf(RevertFailedException.class);
        assertThat(files.confiture(database).repair().actions()).containsExactly("001_t: kept applied; no longer "
                + "rollback-pending, although 1 statement(s) of its down had completed and stay done: the schema is partly "
                + "reverted until you redo them by hand");
    }

    @Test
    void repairAcceptsTheNewChecksumOfAChangedAppliedFile(TestDatabase database) {
        MigrationDirectory files = threeReversibleMigrations();
        files.confiture(database).migrate();
        files.write("002_b.up.sql", "CREATE TABLE b (x int); -- reformatted");

        assertThat(files.confiture(database).repair().actions()).singleElement().asString()
                .startsWith("002_b: accepted checksum");
        assertThat(files.confiture(database).validate().valid()).isTrue();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'repair'")).isEqualTo("1");
    }

    private MigrationDirectory fourMigrationsWhereTheThirdFails() {
        return new MigrationDirectory(directory)
                .write("001_create_customer.up.sql", "CREATE TABLE tb_customer (id UUID PRIMARY KEY, email TEXT NOT NULL);\n"
                        + "CREATE INDEX idx_customer_email ON tb_customer (email);")
                .write("001_create_customer.down.sql", "DROP TABLE tb_customer;")
                .write("002_add_function.up.sql", "ALTER TABLE tb_existing ADD COLUMN note TEXT DEFAULT 'x';\n"
                        + "CREATE FUNCTION fn_customer_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM tb_customer $$;")
                .write("002_add_function.down.sql", "DROP FUNCTION fn_customer_count();\nALTER TABLE tb_existing DROP COLUMN note;")
                .write("003_broken.up.sql", "CREATE TABLE tb_half (x int);\nSELECT 1 / 0;")
                .write("003_broken.down.sql", "DROP TABLE tb_half;")
                .write("004_never.up.sql", "CREATE TABLE tb_never (x int);")
                .write("004_never.down.sql", "DROP TABLE tb_never;");
    }

    private MigrationDirectory threeReversibleMigrations() {
        return new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("001_a.down.sql", "DROP TABLE a;")
                .write("002_b.up.sql", "CREATE TABLE b (x int);")
                .write("002_b.down.sql", "DROP TABLE b;")
                .write("003_c.up.sql", "CREATE TABLE c (x int);")
                .write("003_c.down.sql", "DROP TABLE c;");
    }
}
