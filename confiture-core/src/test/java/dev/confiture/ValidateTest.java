package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.state.ValidateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate: what it reports, and that migrate refuses on errors.
 */
@ExtendWith(PostgresExtension.class)
class ValidateTest {

    @TempDir
    Path directory;

    @Test
    void aDownFileThatCannotRunIsAnErrorBeforeAnyoneNeedsIt(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_t.up.sql", "CREATE TABLE t (x int);")
                .write("001_t.down.sql", "DROP TABLE t; $$");
        files.confiture(database).migrate();

        assertThat(files.confiture(database).validate().errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.SQL_PARSE_ERROR);
            assertThat(problem.message()).contains("001_t.down.sql");
        });
        assertThat(files.confiture(database).status().summary().upToDate()).isFalse();
    }

    @Test
    void freshlyMigratedFilesAreValid(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);\n");
        files.confiture(database).migrate();

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.valid()).isTrue();
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void editingAnAppliedFileIsAChecksumMismatchNamingTheVersion(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);\n")
                .write("007_g.up.sql", "CREATE TABLE g (x int);\n");
        files.confiture(database).migrate();
        files.write("007_g.up.sql", "CREATE TABLE g (x bigint);\n");

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
            assertThat(problem.version()).isEqualTo("007");
            assertThat(problem.message()).contains("007_g", "007_g.up.sql");
            assertThat(problem.hint()).contains("new migration");
        });
        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        assertThat(files.confiture(database).status().migration("007").orElseThrow().status().value())
                .isEqualTo("checksum_mismatch");
    }

    @Test
    void changingOnlyLineEndingsIsANoteNotAnError(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (\n  x int\n);\n");
        files.confiture(database).migrate();
        Path file = files.path("001_a.up.sql");
        String text = Files.readString(file);
        Files.write(file, ("\uFEFF" + text.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.valid()).isTrue();
        assertThat(result.notes()).singleElement().satisfies(note -> {
            assertThat(note.code()).isEqualTo(ErrorCode.CHECKSUM_LINE_ENDINGS_ONLY);
            assertThat(note.version()).isEqualTo("001");
        });
        assertThat(files.confiture(database).migrate().notes()).extracting(Problem::code)
                .containsExactly(ErrorCode.CHECKSUM_LINE_ENDINGS_ONLY);
    }

    @Test
    void anAppliedVersionWhoseFileIsGoneIsAnErrorWhenNewerFilesExist(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);")
                .write("003_c.up.sql", "CREATE TABLE c (x int);");
        files.confiture(database).migrate();
        Files.delete(files.path("002_b.up.sql"));

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.MISSING_FILE);
            assertThat(problem.version()).isEqualTo("002");
            assertThat(problem.hint()).contains("ConfitureConfiguration.locations");
        });
    }

    @Test
    void appliedVersionsNewerThanEveryFileAreANoteForRollingDeploys(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        files.confiture(database).migrate();
        Files.delete(files.path("002_b.up.sql"));

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.valid()).isTrue();
        assertThat(result.notes()).extracting(Problem::code).containsExactly(ErrorCode.FUTURE_MIGRATION);
        assertThat(files.confiture(database).migrate().applied()).isEmpty();
    }

    @Test
    void aPendingVersionOlderThanTheNewestAppliedIsReported(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("005_e.up.sql", "CREATE TABLE e (x int);");
        files.confiture(database).migrate();
        files.write("003_c.up.sql", "CREATE TABLE c (x int);");

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.OUT_OF_ORDER);
            assertThat(problem.version()).isEqualTo("003");
            assertThat(problem.message()).contains("005");
        });
    }

    @Test
    void duplicateVersionsAreReportedWithBothFiles(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("1_other.up.sql", "CREATE TABLE other (x int);");

        ValidateResult result = files.confiture(database).validate();

        assertThat(result.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
            assertThat(problem.message()).contains("001_a.up.sql", "1_other.up.sql");
        });
        assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION));
        assertThat(Sql.tableExists(database, "a")).isFalse();
    }

    @Test
    void validateOnAnEmptyDatabaseCreatesNothing(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");

        assertThat(files.confiture(database).validate().valid()).isTrue();
        assertThat(files.confiture(database).status().pending()).containsExactly("001");
        assertThat(Sql.tableExists(database, "tb_confiture")).isFalse();
        assertThat(Sql.tableExists(database, "tb_confiture_event")).isFalse();
    }
}
