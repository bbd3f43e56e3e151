package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placeholders {@code ${name}} in SQL migrations: replaced in code, quoted identifiers and quoted text, never in
 * comments, in dollar-quoted bodies only when asked; an undefined one stops everything before anything runs; the
 * checksum is the file's as written.
 */
@ExtendWith(PostgresExtension.class)
class PlaceholderTest {

    @TempDir
    Path directory;

    @Test
    void valuesAndBuiltInsAreReplacedInCodeIdentifiersAndTextButNotInCommentsOrFunctionBodies(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_grants.up.sql", """
                -- ${not_a_placeholder_in_a_comment}
                CREATE TABLE "${prefix}_account" (id int, note text DEFAULT '${greeting}');
                CREATE TABLE placeholders_seen AS SELECT '${confiture:schema}'::text AS schema_name,
                    '${confiture:table}'::text AS table_name, '${confiture:environment}'::text AS environment,
                    '${confiture:user}'::text AS user_name;
                CREATE FUNCTION body() RETURNS text LANGUAGE sql AS $$ SELECT '${kept}' $$;
                """);

        files.confiture(database, builder -> builder.placeholder("prefix", "tb").placeholder("greeting", "hello")
                .environment("staging")).migrate();

        assertThat(Sql.scalar(database, "SELECT column_default FROM information_schema.columns "
                + "WHERE table_name = 'tb_account' AND column_name = 'note'")).isEqualTo("'hello'::text");
        assertThat(Sql.rows(database, "SELECT schema_name, table_name, environment, user_name = current_user::text "
                + "FROM placeholders_seen")).containsExactly(java.util.List.of("public", "tb_confiture", "staging", "t"));
        assertThat(Sql.scalar(database, "SELECT body()")).isEqualTo("${kept}");
    }

    @Test
    void inDollarQuotedBodiesWhenAskedAndNowhereWhenReplacementIsOff(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_body.up.sql", "CREATE FUNCTION body() RETURNS text LANGUAGE sql AS $$ SELECT '${name}' $$;")
                .write("002_text.up.sql", "CREATE TABLE t AS SELECT '${name}'::text AS value;");

        files.confiture(database, builder -> builder.placeholder("name", "replaced").placeholdersInDollarQuotes(true)
                .target("001")).migrate();
        files.confiture(database, builder -> builder.placeholderReplacement(false)).migrate();

        assertThat(Sql.scalar(database, "SELECT body()")).isEqualTo("replaced");
        assertThat(Sql.scalar(database, "SELECT value FROM t")).isEqualTo("${name}");
    }

    @Test
    void anUndefinedPlaceholderIsRefusedWithFileLineAndNameBeforeAnythingRuns(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_ok.up.sql", "CREATE TABLE a (x int);")
                .write("002_typo.up.sql", "CREATE TABLE b (x int);\nGRANT SELECT ON b TO ${reader_role};");

        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> files.confiture(database, builder -> builder.placeholder("reader", "r")).migrate())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UNDEFINED_PLACEHOLDER);
                    assertThat(error.problem()).isEqualTo("The placeholder ${reader_role} is not defined");
                    assertThat(error.location()).isEqualTo(new SourceLocation(
                            directory.resolve("002_typo.up.sql").toString(), 2, 22));
                    assertThat(error.hint()).contains("Define it (ConfitureConfiguration.placeholders)");
                });
        assertThat(Sql.tableExists(database, "a")).as("refused before anything ran").isFalse();
    }

    @Test
    void aFailingStatementIsReportedAsWrittenNeverWithTheValueAndAtItsPlaceInTheFile(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_role.up.sql",
                "CREATE TABLE t (x int);\nSELECT '${secret}', no_such_column FROM pg_class;");
        String secret = "S3cret\nwith\nlines and a long tail to move every position";

        assertThatExceptionOfType(ConfitureException.class)
                .isThrownBy(() -> files.confiture(database, builder -> builder.placeholder("secret", secret)).migrate())
                .satisfies(error -> {
                    assertThat(error.getMessage()).doesNotContain("S3cret").contains("SELECT '${secret}', no_such_column");
                    assertThat(error.location()).isEqualTo(new SourceLocation(
                            directory.resolve("001_role.up.sql").toString(), 2, 21));
                });
        assertThat(Sql.column(database, "SELECT coalesce(error, '') FROM tb_confiture_event"))
                .noneMatch(error -> error.contains("S3cret"));
    }

    @Test
    void theChecksumIsTheFilesAsWrittenSoAnotherValueIsNoChange(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_owner.up.sql", "CREATE TABLE a (x int); COMMENT ON TABLE a IS 'owned by ${team}';");
        files.confiture(database, builder -> builder.placeholder("team", "payments")).migrate();

        Confiture elsewhere = files.confiture(database, builder -> builder.placeholder("team", "billing"));

        assertThat(elsewhere.validate().valid()).isTrue();
        assertThat(Sql.scalar(database, "SELECT obj_description('a'::regclass)")).isEqualTo("owned by payments");
    }
}
