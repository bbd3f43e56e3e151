package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.SourceLocation;
import dev.confiture.execution.MigrateResult;
import dev.confiture.state.RepeatableEntry;
import dev.confiture.status.RepeatableStatus;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeatable migrations {@code R__{name}.sql}: applied after the versioned ones, in name order, whenever their file
 * changed; each in one transaction with its record in {@code tb_confiture_repeatable}, never in {@code tb_confiture},
 * which upstream Confiture reads as applied versioned migrations.
 */
@ExtendWith(PostgresExtension.class)
class RepeatableMigrationTest {

    @TempDir
    Path directory;

    private MigrationDirectory files() {
        return new MigrationDirectory(directory)
                .write("001_account.up.sql", "CREATE TABLE account (id int, email text);")
                .write("R__views.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id FROM account;")
                .write("R__grants.sql", "CREATE OR REPLACE FUNCTION account_count() RETURNS bigint LANGUAGE sql "
                        + "AS $$ SELECT count(*) FROM account $$;");
    }

    @Test
    void appliedAfterTheVersionedOnesInNameOrderThenOnlyWhenTheirFileChanges(TestDatabase database) throws IOException {
        MigrationDirectory files = files();

        MigrateResult first = files.confiture(database).migrate();

        assertThat(first.applied()).extracting("slug").containsExactly("001_account");
        assertThat(first.repeatables()).containsExactly("R__grants", "R__views");
        assertThat(Sql.column(database, "SELECT coalesce(version, slug) || ' ' || kind FROM tb_confiture_event "
                + "WHERE kind IN ('migrate', 'repeatable') ORDER BY pk_confiture_event"))
                .containsExactly("001 migrate", "R__grants repeatable", "R__views repeatable");
        assertThat(Sql.column(database, "SELECT slug FROM tb_confiture ORDER BY pk_confiture"))
                .as("upstream reads every row of tb_confiture as an applied versioned migration: none is repeatable")
                .containsExactly("001_account");
        assertThat(Sql.column(database, "SELECT name FROM tb_confiture_repeatable ORDER BY name"))
                .containsExactly("grants", "views");
        assertThat(files.confiture(database).status().repeatables()).extracting(RepeatableStatus::status)
                .containsOnly(RepeatableEntry.State.APPLIED);
        assertThat(files.confiture(database).migrate().repeatables()).as("unchanged: not applied again").isEmpty();

        files.write("R__views.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id, email FROM account;");
        StatusReport changed = files.confiture(database).status();
        assertThat(changed.repeatables()).filteredOn(status -> status.name().equals("views")).singleElement()
                .satisfies(status -> {
                    assertThat(status.status()).isEqualTo(RepeatableEntry.State.OUTDATED);
                    assertThat(status.checksum()).isNotEqualTo(status.appliedChecksum());
                });
        assertThat(changed.summary().pending()).isEqualTo(1);
        assertThat(changed.summary().upToDate()).isFalse();

        assertThat(files.confiture(database).migrate().repeatables()).containsExactly("R__views");
        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = "
                + "'v_account' ORDER BY ordinal_position")).containsExactly("id", "email");

        Files.delete(directory.resolve("R__grants.sql"));
        assertThat(files.confiture(database).status().repeatables()).extracting(RepeatableStatus::slug,
                RepeatableStatus::status).contains(org.assertj.core.groups.Tuple.tuple("R__grants",
                        RepeatableEntry.State.MISSING));
        assertThat(files.confiture(database).status().summary().upToDate()).isTrue();
    }

    @Test
    void aFailingRepeatableIsRolledBackWithItsRecordNamesFileAndLineAndKeepsTheVersionedOnesApplied(
            TestDatabase database) {
        MigrationDirectory files = files().write("R__views.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id FROM account;\n"
                + "CREATE VIEW v_broken AS SELECT no_such_column FROM account;");

        assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(() -> files.confiture(database).migrate())
                .satisfies(failure -> {
                    assertThat(failure.failure().slug()).isEqualTo("R__views");
                    assertThat(failure.location()).isEqualTo(new SourceLocation(directory.resolve("R__views.sql")
                            .toString(), 2, 32));
                    assertThat(failure.getMessage()).contains("Repeatable migration R__views failed at statement 2",
                            "the versioned migrations of the run stay applied");
                });
        assertThat(Sql.tableExists(database, "v_account")).as("its first statement was rolled back with it").isFalse();
        assertThat(Sql.column(database, "SELECT name FROM tb_confiture_repeatable")).containsExactly("grants");
        assertThat(Sql.column(database, "SELECT slug FROM tb_confiture")).containsExactly("001_account");
        assertThat(Sql.scalar(database, "SELECT status FROM tb_confiture_event WHERE kind = 'repeatable' "
                + "AND slug = 'R__views'")).isEqualTo("failed");
    }

    @Test
    void itsRecordCommitsWithItSoARefusedRecordUndoesItsWork(TestDatabase database) {
        MigrationDirectory files = files();
        files.confiture(database).migrate();
        Sql.execute(database, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'no record today'; END $$; CREATE TRIGGER refuse BEFORE UPDATE ON tb_confiture_repeatable "
                + "FOR EACH ROW EXECUTE FUNCTION refuse()");
        files.write("R__views.sql", "CREATE OR REPLACE VIEW v_account AS SELECT id, email FROM account;");

        assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(() -> files.confiture(database).migrate())
                .withMessageContaining("no record today");

        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns WHERE table_name = "
                + "'v_account'")).as("the view is as before: its change went with the refused record").containsExactly("id");
    }

    @Test
    void aRepeatableThatCannotRunInOneTransactionIsRefusedBeforeAnythingRuns(TestDatabase database) {
        MigrationDirectory files = files().write("R__index.sql", "CREATE INDEX CONCURRENTLY i_email ON account (email);");

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).migrate())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
                    assertThat(error.getMessage()).contains("Repeatable migration R__index cannot run in one transaction");
                });
        assertThat(Sql.tableExists(database, "account")).isFalse();
    }

    @Test
    void twoRepeatablesWithOneNameAreAProblemNamingBoth(TestDatabase database) {
        MigrationDirectory files = files().write("a/R__views.sql", "SELECT 1;");

        assertThat(files.confiture(database).validate().errors()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.DUPLICATE_VERSION);
            assertThat(problem.message()).contains("have the same name R__views");
        });
    }
}
