package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.Callback;
import dev.confiture.api.CallbackEvent;
import dev.confiture.api.ConfitureException;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed file edited after discovery and planning, just before it runs, is never applied: its statements run as
 * they are read, and reaching its end finds the checksum changed, which rolls back all of them.
 */
@ExtendWith(PostgresExtension.class)
class StreamedFileChangedTest {

    @TempDir
    Path directory;

    @Test
    void aFileEditedJustBeforeItRunsIsNotApplied(TestDatabase database) {
        String script = "CREATE TABLE big (id int, body text);\nINSERT INTO big VALUES (1, '"
                + "x".repeat((int) MigrationCatalog.STREAMING_THRESHOLD_BYTES + 1_000) + "');\n"
                + "INSERT INTO big VALUES (2, 'two');\n";
        MigrationDirectory files = new MigrationDirectory(directory).writeBytes("001_big.up.sql",
                script.getBytes(StandardCharsets.UTF_8));
        Path file = directory.resolve("001_big.up.sql");
        Callback edit = new Callback() {
            @Override
            public boolean supports(CallbackEvent event) {
                return event == CallbackEvent.BEFORE_EACH_MIGRATE;
            }

            @Override
            public void handle(CallbackEvent event, Connection connection, @Nullable String migration) {
                try {
                    Files.writeString(file, script.replace("(2, 'two')", "(3, 'three')"));
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        };

        assertThatThrownBy(() -> files.confiture(database, builder -> builder.callbacks(List.of(edit))).migrate())
                .isInstanceOfSatisfying(ConfitureException.class, failure -> {
                    assertThat(failure.getMessage()).contains("changed while it was being applied")
                            .as("no statement is blamed: each ran").doesNotContain("at statement", "Fix the statement");
                    assertThat(failure.location()).isNull();
                });
        assertThat(Sql.scalar(database, "SELECT to_regclass('big') IS NULL")).as("nothing applied").isEqualTo("t");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
    }
}
