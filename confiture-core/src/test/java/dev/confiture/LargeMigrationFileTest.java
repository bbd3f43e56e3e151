package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.migration.Checksums;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration file above {@link MigrationCatalog#STREAMING_THRESHOLD_BYTES} is read statement by statement: it
 * applies in one transaction with its tracking row and the checksum of its bytes, whatever its strings, dollar quotes
 * and comments hold where the reads stop, and an error deep inside it names its line and leaves nothing applied.
 */
@ExtendWith(PostgresExtension.class)
class LargeMigrationFileTest {

    /** Rows of about 100,000 chars: every read of the file (64 Ki chars) ends inside one. */
    private static final int ROWS = 15;

    @TempDir
    Path directory;

    @Test
    void aLargeFileAppliesStreamedInOneTransactionWithTheChecksumOfItsBytes(TestDatabase database) {
        String script = largeScript("");
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        assertThat((long) bytes.length).isGreaterThan(MigrationCatalog.STREAMING_THRESHOLD_BYTES);
        MigrationDirectory files = new MigrationDirectory(directory).writeBytes("001_big.up.sql", bytes);

        files.confiture(database).migrate();

        assertThat(Sql.scalar(database, "SELECT count(*) FROM big")).isEqualTo(String.valueOf(ROWS * 3 + 1));
        assertThat(Sql.scalar(database, "SELECT count(*) FROM big WHERE body NOT LIKE 'ok;%' AND body NOT LIKE "
                + "'it''s;%' AND body NOT LIKE 'dq;%'")).as("each body arrived whole").isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT sum(length(body)) FROM big"))
                .isEqualTo(String.valueOf(ROWS * (3L * 100_000 + 3 + 5 + 3) + "dq;returning".length()));
        assertThat(Sql.scalar(database, "SELECT f()")).isEqualTo("1");
        assertThat(Sql.scalar(database, "SELECT checksum FROM tb_confiture WHERE version = '001'"))
                .isEqualTo(Checksums.sha256Hex(bytes));
        assertThat(files.confiture(database).migrate().applied()).isEmpty();
    }

    @Test
    void anErrorDeepInALargeFileNamesItsLineAndLeavesNothingApplied(TestDatabase database) {
        String script = largeScript("SELECT nope FROM big;\n");
        int line = (int) script.lines().count();
        MigrationDirectory files = new MigrationDirectory(directory).write("001_big.up.sql", script);

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.location()).isNotNull();
                    assertThat(failure.location().line()).isEqualTo(line);
                    assertThat(failure.location().column()).isEqualTo(8);
                });
        assertThat(Sql.scalar(database, "SELECT to_regclass('big') IS NULL")).isEqualTo("t");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    /**
     * Statements of a large file go several per round trip: a failing one among them is still the one named, with
     * the line and column of the server's position in it, and what the batch ran before it is rolled back.
     */
    @Test
    void aFailingStatementAmongManySmallOnesIsNamedWithItsPosition(TestDatabase database) {
        StringBuilder small = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            small.append("INSERT INTO big VALUES (").append(i).append(", 'small');\n");
        }
        String marker = "INSERT INTO big VALUES (7, 'it''s;";
        // a statement returning rows shifts the driver's count of a batch: it must run alone
        String before = small + "INSERT INTO big VALUES (-2, 'r') RETURNING id;\n" + small
                + "INSERT INTO big VALUES (1000,\n    nope);\n" + small;
        String script = largeScript("").replace(marker, before + marker);
        int line = (int) script.substring(0, script.indexOf("    nope")).lines().count() + 1;
        MigrationDirectory files = new MigrationDirectory(directory).write("001_big.up.sql", script);

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(MigrationFailedException.class, failure -> {
                    assertThat(failure.location()).isNotNull();
                    assertThat(failure.location().line()).isEqualTo(line);
                    assertThat(failure.location().column()).isEqualTo(5);
                    assertThat(failure.getMessage()).contains("nope");
                });
        assertThat(Sql.scalar(database, "SELECT to_regclass('big') IS NULL")).isEqualTo("t");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }

    @Test
    void aLargeFileThatCannotRunInOneTransactionIsRefusedBeforeAnythingRuns(TestDatabase database) {
        String script = largeScript("CREATE INDEX CONCURRENTLY big_id ON big (id);\n");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_big.up.sql", script);

        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
                    assertThat(refusal.getMessage()).contains("read statement by statement", "one transaction");
                    assertThat(refusal.location().line()).isEqualTo((int) script.lines().count());
                });
        assertThat(Sql.scalar(database, "SELECT to_regclass('a') IS NULL")).as("nothing ran").isEqualTo("t");
    }

    /**
     * A header, a table, a function whose body holds {@code ;}, then per row three inserts whose 100,000-char bodies
     * hold {@code ;} in a string, an escaped-quote string and a dollar quote, a comment full of {@code ;} between
     * them, and {@code tail} last.
     */
    private static String largeScript(String tail) {
        StringBuilder script = new StringBuilder("-- confiture: lock-timeout=5s\n");
        script.append("CREATE TABLE big (id int, body text);\n");
        script.append("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN PERFORM 1; RETURN 1; END $fn$;\n");
        // statements that return rows run alone, not in a batch (which refuses rows)
        script.append("SELECT f();\nINSERT INTO big VALUES (-1, 'dq;returning') RETURNING id;\n");
        String filler = "x;".repeat(50_000);
        for (int row = 0; row < ROWS; row++) {
            script.append("INSERT INTO big VALUES (").append(row).append(", 'ok;").append(filler).append("');\n");
            script.append("/* ; ").append(";".repeat(1_000)).append(" */ -- ;\n");
            script.append("INSERT INTO big VALUES (").append(row).append(", 'it''s;").append(filler).append("');\n");
            script.append("INSERT INTO big VALUES (").append(row).append(", $q$dq;").append(filler).append("$q$);\n");
        }
        return script.append(tail).toString();
    }
}
