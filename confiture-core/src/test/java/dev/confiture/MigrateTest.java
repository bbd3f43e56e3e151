package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * migrate: applying, re-running, failing cleanly, file shapes that must work.
 */
@ExtendWith(PostgresExtension.class)
class MigrateTest {

    @TempDir
    Path directory;

    @Test
    void migratingAgainAppliesNothing(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        files.confiture(database).migrate();

        MigrateResult again = files.confiture(database).migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(again.initialVersion()).isEqualTo("002");
        assertThat(again.currentVersion()).isEqualTo("002");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("2");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'run'"))
                .as("a run with nothing to do writes no events").isEqualTo("2");
    }

    @Test
    void anErrorInTheFirstStatementPointsAtItsLineAndColumnWithExtendedQueries(TestDatabase database) {
        assertFirstStatementErrorIsLocated(database, PreferQueryMode.EXTENDED);
    }

    @Test
    void anErrorInTheFirstStatementPointsAtItsLineAndColumnWithSimpleQueries(TestDatabase database) {
        assertFirstStatementErrorIsLocated(database, PreferQueryMode.SIMPLE);
    }

    /**
     * The first statement of a migration goes to the server with the transaction's timeouts when the driver sends
     * them as separate queries; the position in its error must still be its own.
     */
    private void assertFirstStatementErrorIsLocated(TestDatabase database, PreferQueryMode mode) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        dataSource.setPreferQueryMode(mode);
        MigrationDirectory files = new MigrationDirectory(directory).write("001_broken.up.sql", String.join("\n",
                "-- confiture: lock-timeout=3s, statement-timeout=1m",
                "CREATE TABLE first_part (",
                "    id int,, name text",
                ");",
                ""));

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.dataSource(dataSource)).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.location()).isNotNull();
                    assertThat(failure.location().line()).isEqualTo(3);
                    assertThat(failure.location().column()).isEqualTo(12);
                    assertThat(failure.failure().statement()).isEqualTo(1);
                });
    }

    @Test
    void syntaxErrorOnLineSevenNamesFileAndLineAndAppliesNothingOfThatMigration(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_ok.up.sql", "CREATE TABLE ok (x int);")
                .write("002_broken.up.sql", String.join("\n",
                        "-- a migration with a typo",
                        "CREATE TABLE first_part (id int);",
                        "",
                        "INSERT INTO first_part VALUES (1);",
                        "",
                        "CREATE TABLE second_part (",
                        "    id int,, name text",
                        ");",
                        ""));

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(failure.location()).isNotNull();
                    assertThat(failure.location().source()).endsWith("002_broken.up.sql");
                    assertThat(failure.location().line()).isEqualTo(7);
                    assertThat(failure.location().column()).isEqualTo(12);
                    assertThat(failure.failure().sqlState()).isEqualTo("42601");
                    assertThat(failure.failure().statement()).isEqualTo(3);
                    assertThat(failure.failure().transactional()).isTrue();
                    assertThat(failure.getMessage()).contains("002_broken.up.sql, line 7", "syntax error",
                            "Nothing of 002_broken was applied");
                });
        assertThat(Sql.tableExists(database, "first_part")).isFalse();
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("001");
        assertThat(Sql.scalar(database, "SELECT status || ' ' || (details->>'line') FROM tb_confiture_event "
                + "WHERE kind = 'migrate' AND version = '002'")).isEqualTo("failed 7");
    }

    @Test
    void runtimeErrorWithoutPositionNamesTheStatementsLine(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_divide.up.sql", "CREATE TABLE t (x int);\n\nSELECT 1 / 0;\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.location().line()).isEqualTo(3);
                    assertThat(failure.failure().sqlState()).isEqualTo("22012");
                    assertThat(failure.getMessage()).contains("division by zero");
                });
        assertThat(Sql.tableExists(database, "t")).isFalse();
    }

    @Test
    void createIndexConcurrentlyRunsStatementByStatementWithoutHanging(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE tb_item (id UUID PRIMARY KEY, pk_item BIGINT, name TEXT);")
                .write("002_index.up.sql", "-- confiture: risk=low\n"
                        + "CREATE INDEX CONCURRENTLY idx_item_name ON tb_item (name);\n"
                        + "CREATE INDEX CONCURRENTLY idx_item_pk ON tb_item (pk_item);\n");

        MigrateResult result = files.confiture(database).migrate();

        assertThat(result.applied()).extracting("slug", "transactional")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("001_table", true),
                        org.assertj.core.groups.Tuple.tuple("002_index", false));
        assertThat(Sql.column(database, "SELECT indexname FROM pg_indexes WHERE tablename = 'tb_item' ORDER BY 1"))
                .contains("idx_item_name", "idx_item_pk");
        assertThat(Sql.column(database, "SELECT status || ' ' || (details->>'statement') FROM tb_confiture_event "
                + "WHERE kind = 'statement' ORDER BY pk_confiture_event"))
                .containsExactly("started 1", "succeeded 1", "started 2", "succeeded 2");
    }

    @Test
    void failureInTheSecondStatementOfANonTransactionalMigrationNamesThatStatement(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_table.up.sql", "CREATE TABLE tb_item (id UUID PRIMARY KEY, name TEXT);")
                .write("002_index.up.sql", "CREATE INDEX CONCURRENTLY idx_item_name ON tb_item (name);\n"
                        + "\n"
                        + "CREATE INDEX CONCURRENTLY idx_item_missing ON tb_item (no_such_column);\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.failure().statement()).isEqualTo(2);
                    assertThat(failure.failure().statementCount()).isEqualTo(2);
                    assertThat(failure.failure().completedStatements()).isEqualTo(1);
                    assertThat(failure.failure().transactional()).isFalse();
                    assertThat(failure.location().line()).isEqualTo(3);
                    assertThat(failure.getMessage()).contains("statement 2 of 2", "no_such_column",
                            "Statements [1] of 002_index completed and stay applied", "INVALID index");
                });
        assertThat(Sql.column(database, "SELECT indexname FROM pg_indexes WHERE tablename = 'tb_item'"))
                .contains("idx_item_name");
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("001");
        assertThat(files.confiture(database).status().migration("002").orElseThrow().status().value())
                .isEqualTo("failed");
    }

    @Test
    void aRerunOfAnUnchangedNonTransactionalMigrationResumesAfterTheStatementsThatCompleted(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_steps.up.sql", "-- confiture: transactional=false\n"
                        + "CREATE TABLE step_one (x int);\n"
                        + "INSERT INTO step_two VALUES (1);\n"
                        + "CREATE TABLE step_three (x int);\n");
        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);
        Sql.execute(database, "CREATE TABLE step_two (x int)");

        MigrateResult result = files.confiture(database).migrate();

        assertThat(result.applied()).singleElement().satisfies(execution -> {
            assertThat(execution.resumedStatements()).isEqualTo(1);
            assertThat(execution.statements()).isEqualTo(2);
        });
        assertThat(Sql.scalar(database, "SELECT count(*) FROM step_two")).isEqualTo("1");
        assertThat(Sql.tableExists(database, "step_three")).isTrue();
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("001");
    }

    @Test
    void anEditedNonTransactionalFileResumesAfterItsCompletedStatementsOrRunsNothingWhenOneOfThemChanged(
            TestDatabase database) {
        Sql.execute(database, "CREATE TABLE accounts (id int); INSERT INTO accounts VALUES (1), (2); "
                + "CREATE TABLE audit (note text)");
        String completed = "-- confiture: transactional=false\nINSERT INTO audit VALUES ('backfill batch 1');\n"
                + "UPDATE accounts SET id = id + 1000;\n";
        MigrationDirectory files = new MigrationDirectory(directory).write("001_backfill.up.sql", completed
                + "CREATE INDEX CONCURRENTLY accounts_idx ON acounts (id);\n");
        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);

        files.write("001_backfill.up.sql", completed.replace("batch 1", "batch one")
                + "CREATE INDEX CONCURRENTLY accounts_idx ON accounts (id);\n");
        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOfSatisfying(ConfitureException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.ATTEMPT_FILE_CHANGED);
                    assertThat(ex.getMessage()).contains("completed statements [1, 2]", "statements [1] of those",
                            "nothing was run");
                });

        files.write("001_backfill.up.sql", completed + "CREATE INDEX CONCURRENTLY accounts_idx ON accounts (id);\n");
        assertThat(files.confiture(database).migrate().applied()).singleElement()
                .satisfies(execution -> assertThat(execution.resumedStatements()).isEqualTo(2));
        assertThat(Sql.column(database, "SELECT id FROM accounts ORDER BY id")).as("updated once")
                .containsExactly("1001", "1002");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM audit")).isEqualTo("1");
        assertThat(Sql.scalar(database, "SELECT checksum FROM tb_confiture")).as("the file as it finally ran")
                .isEqualTo(dev.confiture.migration.Checksums.sha256Hex((completed
                        + "CREATE INDEX CONCURRENTLY accounts_idx ON accounts (id);\n").getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aProcedureOrDoBlockThatCommitsRunsInANonTransactionalFile(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_batches.up.sql",
                "-- confiture: transactional=false\nCREATE TABLE t (x int);\n"
                        + "CREATE PROCEDURE fill() LANGUAGE plpgsql AS $$ BEGIN FOR i IN 1..3 LOOP "
                        + "INSERT INTO t VALUES (i); COMMIT; END LOOP; END $$;\n"
                        + "CALL fill();\ndo $$ BEGIN INSERT INTO t VALUES (4); COMMIT; END $$;\n");

        assertThat(files.confiture(database).migrate().appliedCount()).isEqualTo(1);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM t")).isEqualTo("4");
    }

    @Test
    void emptyAndCommentOnlyFilesAreNoOps(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_empty.up.sql", "")
                .write("002_comments.up.sql", "-- nothing to do yet\n/* really\n nothing */\n")
                .write("003_real.up.sql", "CREATE TABLE real_table (x int)");

        MigrateResult result = files.confiture(database).migrate();

        assertThat(result.applied()).extracting("slug").containsExactly("001_empty", "002_comments", "003_real");
        assertThat(Sql.tableExists(database, "real_table")).isTrue();
    }

    @Test
    void aFileWithItsOwnBeginAndCommitRunsAsOneTransactionWithItsTrackingRow(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_explicit.up.sql", "BEGIN;\nCREATE TABLE explicit_a (x int);\nCOMMIT;\n"
                        + "BEGIN;\nCREATE TABLE explicit_b (x int);\nCOMMIT;\n")
                .write("002_explicit_fails.up.sql", "BEGIN;\nCREATE TABLE explicit_c (x int);\nCOMMIT;\n"
                        + "BEGIN;\nSELECT no_such_function();\nCOMMIT;\n");

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);

        assertThat(Sql.tableExists(database, "explicit_a")).isTrue();
        assertThat(Sql.tableExists(database, "explicit_b")).isTrue();
        assertThat(Sql.tableExists(database, "explicit_c")).as("the file's COMMIT does not commit half of it").isFalse();
        assertThat(Sql.column(database, "SELECT version FROM tb_confiture")).containsExactly("001");
    }

    @Test
    void sqlStandardFunctionBodiesAndDollarQuotesReachTheServerIntact(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_functions.up.sql", String.join("\n",
                        "CREATE TABLE tb_counter (n int);",
                        "CREATE FUNCTION fn_bump(step int) RETURNS int LANGUAGE SQL",
                        "BEGIN ATOMIC",
                        "  INSERT INTO tb_counter VALUES (step);",
                        "  SELECT CASE WHEN step > 0 THEN step ELSE 0 END;",
                        "END;",
                        "CREATE FUNCTION fn_plpgsql() RETURNS text LANGUAGE plpgsql AS $body$",
                        "BEGIN",
                        "  RETURN 'semi;colon ''quoted''';",
                        "END;",
                        "$body$;",
                        "DO $$ BEGIN PERFORM fn_bump(2); END $$;",
                        "SELECT fn_plpgsql()"));

        files.confiture(database).migrate();

        assertThat(Sql.scalar(database, "SELECT fn_plpgsql()")).isEqualTo("semi;colon 'quoted'");
        assertThat(Sql.scalar(database, "SELECT sum(n) FROM tb_counter")).isEqualTo("2");
    }

    @Test
    void versionsOrderAsNumbersWhateverTheirLength(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("20260420120000000001_twenty_digits.up.sql", "INSERT INTO applied_order (label) VALUES ('20 digits');")
                .write("20240101120000_timestamp.up.sql", "INSERT INTO applied_order (label) VALUES ('14 digits');")
                .write("001_three_digits.up.sql", "INSERT INTO applied_order (label) VALUES ('001');")
                .write("0_zero.up.sql", "CREATE TABLE applied_order (n serial, label text);");

        MigrateResult result = files.confiture(database).migrate();

        assertThat(result.applied()).extracting("version")
                .containsExactly("0", "001", "20240101120000", "20260420120000000001");
        assertThat(Sql.column(database, "SELECT label FROM applied_order ORDER BY n"))
                .containsExactly("001", "14 digits", "20 digits");
        assertThat(files.confiture(database).status().current()).isEqualTo("20260420120000000001");
    }

    @Test
    void targetStopsAtThatVersion(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("2_b.up.sql", "CREATE TABLE b (x int);")
                .write("3_c.up.sql", "CREATE TABLE c (x int);");

        MigrateResult result = files.confiture(database, builder -> builder.target("2")).migrate();

        assertThat(result.applied()).extracting("version").containsExactly("1", "2");
        assertThat(Sql.tableExists(database, "c")).isFalse();
    }

    @Test
    void unknownTargetIsRefusedBeforeAnythingRuns(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.target("7")).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_VERSION))
                .hasMessageContaining("target version 7").hasMessageContaining("ConfitureConfiguration.target");
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void aBrokenFileAnywhereStopsTheRunBeforeAnyMigrationIsApplied(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("2_b.up.sql", "CREATE TABLE b (x text DEFAULT 'unterminated);");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
                    assertThat(ex.location().line()).isEqualTo(1);
                    assertThat(ex.location().source()).endsWith("2_b.up.sql");
                });
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void outOfOrderPendingMigrationIsRefusedUnlessAllowed(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("1_a.up.sql", "CREATE TABLE a (x int);")
                .write("3_c.up.sql", "CREATE TABLE c (x int);");
        files.confiture(database).migrate();
        files.write("2_b.up.sql", "CREATE TABLE b (x int);");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.OUT_OF_ORDER))
                .hasMessageContaining("2_b").hasMessageContaining("ConfitureConfiguration.outOfOrder");

        MigrateResult allowed = files.confiture(database, builder -> builder.outOfOrder(true)).migrate();
        assertThat(allowed.applied()).extracting("slug").containsExactly("2_b");
    }

    @Test
    void configuredSchemaAndTableNamesAreQuotedNeverInjected(TestDatabase database) {
        String schema = "odd\"schema; DROP TABLE victim; --";
        String table = "odd'table\"; DROP TABLE victim; --";
        Sql.execute(database, "CREATE TABLE victim (x int)");
        MigrationDirectory files = new MigrationDirectory(directory).write("1_a.up.sql", "CREATE TABLE a (x int);");

        files.confiture(database, builder -> builder.schema(schema).table(table)).migrate();
        MigrateResult again = files.confiture(database, builder -> builder.schema(schema).table(table)).migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(Sql.tableExists(database, "victim")).isTrue();
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'odd\"schema; DROP TABLE victim; --' AND c.relname = 'odd''table\"; DROP TABLE victim; --'"))
                .isEqualTo("1");
    }
}
