package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read statement by statement has its placeholders replaced where a file read whole has them (code, quoted
 * text; not comments or dollar-quoted bodies), in the statements that go in batches too, and an undefined one stops
 * it before anything runs, naming its line.
 */
@ExtendWith(PostgresExtension.class)
class StreamedPlaceholdersTest {

    @TempDir
    Path directory;

    private static String large(String tail) {
        return """
                -- ${not_a_placeholder_in_a_comment}
                CREATE TABLE "${prefix}_account" (id int, note text DEFAULT '${greeting}');
                CREATE FUNCTION body() RETURNS text LANGUAGE sql AS $$ SELECT '${kept}' $$;
                INSERT INTO "${prefix}_account" VALUES (0, '""" + "x".repeat((int) MigrationCatalog.STREAMING_THRESHOLD_BYTES)
                + "');\n" + "INSERT INTO \"${prefix}_account\" (id) VALUES (1);\n"
                + "INSERT INTO \"${prefix}_account\" VALUES (2, '${greeting}, ${confiture:environment}');\n" + tail;
    }

    @Test
    void placeholdersAreReplacedAsInAFileReadWhole(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).writeBytes("001_big.up.sql",
                large("").getBytes(StandardCharsets.UTF_8));

        files.confiture(database, builder -> builder.placeholder("prefix", "tb").placeholder("greeting", "hello")
                .environment("staging")).migrate();

        assertThat(Sql.rows(database, "SELECT id::text, note FROM tb_account WHERE id > 0 ORDER BY id"))
                .containsExactly(List.of("1", "hello"), List.of("2", "hello, staging"));
        assertThat(Sql.scalar(database, "SELECT body()")).isEqualTo("${kept}");
    }

    @Test
    void anUndefinedPlaceholderStopsTheFileBeforeAnythingRuns(TestDatabase database) {
        String script = large("INSERT INTO \"${prefix}_account\" VALUES (3, '${nobody_defined_this}');\n");
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);")
                .writeBytes("002_big.up.sql", script.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.placeholder("prefix", "tb")
                .placeholder("greeting", "hello")).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, refusal -> {
                    assertThat(refusal.getMessage()).contains("nobody_defined_this");
                    assertThat(refusal.location().line()).isEqualTo(7);
                    assertThat(refusal.location().column()).isEqualTo(45);
                });
        assertThat(Sql.tableExists(database, "a")).as("found while planning: nothing ran").isFalse();
    }
}
