package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file's own transaction control: honoured in non-transactional files, replaced by the migration's transaction in
 * transactional ones; statements are numbered as in the file either way.
 */
@ExtendWith(PostgresExtension.class)
class TransactionBlocksTest {

    private static final String NON_TRANSACTIONAL = "-- confiture: transactional=false\n";

    @TempDir
    Path directory;

    @Test
    void aBlockThatFailsInANonTransactionalFileCommitsNothingOfItself(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_block.up.sql", NON_TRANSACTIONAL
                + "CREATE TABLE t (x int);\nBEGIN;\nINSERT INTO t VALUES (1);\nSELECT 1/0;\nCOMMIT;\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("failed at statement 4 of 5 (SELECT 1/0)",
                            "division by zero");
                    assertThat(failure.location().line()).isEqualTo(5);
                    assertThat(failure.failure().completedStatements()).isEqualTo(1);
                    assertThat(failure.hint()).contains("Statements [1] of 001_block completed");
                });
        assertThat(Sql.scalar(database, "SELECT count(*) FROM t")).as("the block's insert was rolled back with it")
                .isEqualTo("0");
    }

    @Test
    void aBlockRefusedAtItsCommitIsResumedFromItsBeginAndATransactionalFileRefusedAtItsCommitSaysSo(
            TestDatabase database) {
        String deferred = "CREATE TABLE p (id int PRIMARY KEY);\n"
                + "CREATE TABLE c (p int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\n";
        MigrationDirectory block = new MigrationDirectory(directory).write("001_block.up.sql", NON_TRANSACTIONAL
                + deferred + "BEGIN;\nINSERT INTO c VALUES (1);\nCOMMIT;\n");
        assertThatThrownBy(() -> block.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("failed at statement 5 of 5 (COMMIT)",
                            "detail: Key (p)=(1) is not present in table \"p\" (at ");
                    assertThat(failure.hint()).contains("it resumes at the BEGIN of the failed transaction block "
                            + "(statement 3), which was rolled back as a whole");
                });

        Sql.execute(database, "DROP TABLE c, p");
        MigrationDirectory transactional = new MigrationDirectory(directory).write("001_block.up.sql", deferred
                + "INSERT INTO c VALUES (1);\n");
        assertThatThrownBy(() -> transactional.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("Migration 001_block failed at its commit (with its "
                            + "tracking row): insert or update on table \"c\"");
                    assertThat(failure.hint()).contains("Every statement ran, and the server refused the commit: a "
                            + "deferred constraint");
                });

        Sql.execute(database, "ALTER DATABASE " + database.name() + " SET default_transaction_read_only = on");
        assertThatThrownBy(() -> transactional.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, failure -> assertThat(failure.hint())
                        .contains("The transaction is read-only: default_transaction_read_only is on"));
    }

    @Test
    void aBlockRunsAsWrittenWithItsOptionsAndItsRollback(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_blocks.up.sql", NON_TRANSACTIONAL
                + "CREATE TABLE t (x text);\n"
                + "BEGIN ISOLATION LEVEL SERIALIZABLE;\nINSERT INTO t VALUES (current_setting('transaction_isolation'));\n"
                + "COMMIT;\n"
                + "START TRANSACTION;\nINSERT INTO t VALUES ('undone');\nROLLBACK;\n"
                + "INSERT INTO t VALUES ('after');\n");

        assertThat(files.confiture(database).migrate().applied()).singleElement()
                .satisfies(execution -> assertThat(execution.transactional()).isFalse());
        assertThat(Sql.column(database, "SELECT x FROM t ORDER BY x")).containsExactly("after", "serializable");
        assertThat(Sql.column(database, "SELECT details->>'statement' FROM tb_confiture_event WHERE kind = 'statement' "
                + "ORDER BY (details->>'statement')::int")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    void aCompletedBlockIsNotRunAgainWhenTheAttemptResumes(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_resume.up.sql", NON_TRANSACTIONAL
                + "CREATE TABLE t (x int);\nCREATE TABLE gate (open boolean);\n"
                + "BEGIN;\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nCOMMIT;\n"
                + "SELECT 1 / (SELECT count(*)::int FROM gate);\n");

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);
        Sql.execute(database, "INSERT INTO gate VALUES (true)");

        assertThat(files.confiture(database).migrate().applied()).singleElement()
                .satisfies(execution -> assertThat(execution.resumedStatements()).isEqualTo(6));
        assertThat(Sql.scalar(database, "SELECT count(*) FROM t")).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = { "SET search_path = s2;", "SELECT set_config('search_path', 's2', false);",
        "BEGIN;\nSET search_path = s2;\nCOMMIT;", "DO $$ BEGIN PERFORM set_config('search_path', 's2', false); END $$;" })
    void aResumedAttemptStartsFromTheSessionItsCompletedStatementsLeft(String setting, TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_elsewhere.up.sql", NON_TRANSACTIONAL
                + "CREATE SCHEMA s2;\n" + setting + "\nCREATE TABLE made_first (x int);\n"
                + "CREATE TABLE made_second (x int REFERENCES gate);\n");

        assertThatThrownBy(() -> files.confiture(database).migrate()).isInstanceOf(MigrationFailedException.class);
        assertThat(Sql.tableExists(database, "s2.made_first")).isTrue();
        Sql.execute(database, "CREATE TABLE s2.gate (x int PRIMARY KEY)");

        assertThat(files.confiture(database).migrate().applied()).singleElement()
                .satisfies(execution -> assertThat(execution.resumedStatements()).isGreaterThanOrEqualTo(3));
        assertThat(Sql.tableExists(database, "s2.made_second")).as("created where the file's SET put it").isTrue();
        assertThat(Sql.tableExists(database, "public.made_second")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE TABLE t (x int);\\nBEGIN;\\nINSERT INTO t VALUES (1);\\n|3|The transaction block opened here is never ended",
        "CREATE TABLE t (x int);\\nBEGIN;\\nBEGIN;\\nCOMMIT;\\n|4|BEGIN inside the transaction block opened at line 3",
        "CREATE TABLE t (x int);\\nCOMMIT;\\n|3|COMMIT ends no transaction block",
        "CREATE TABLE t (x int);\\nBEGIN;\\nCREATE INDEX CONCURRENTLY i ON t (x);\\nCOMMIT;\\n|4|and the file runs it inside the transaction block opened at line 3",
        "CREATE TABLE t (x int);\\nBEGIN;\\nCOMMIT AND CHAIN;\\nCOMMIT;\\n|4|COMMIT AND CHAIN opens a new transaction block"
    })
    void blocksThatCannotRunAsWrittenAreRefusedBeforeAnythingRuns(String body, int line, String message,
            TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_bad.up.sql", NON_TRANSACTIONAL + body.replace("\\n", "\n"));

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
                    assertThat(ex.getMessage()).contains(message);
                    assertThat(ex.location()).isNotNull();
                    assertThat(ex.location().line()).isEqualTo(line);
                    assertThat(ex.hint()).contains("nothing was run");
                });
        assertThat(Sql.tableExists(database, "t")).isFalse();
    }

    @Test
    void aTransactionalFileNumbersItsStatementsAsTheFileDoes(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_wrapped.up.sql",
                "BEGIN;\nCREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\nSELECT 1/0;\nCOMMIT;\n");

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.getMessage()).contains("failed at statement 4 of 5 (SELECT 1/0)");
                    assertThat(failure.failure().statementCount()).isEqualTo(5);
                    assertThat(failure.location().line()).isEqualTo(4);
                });
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }
}
