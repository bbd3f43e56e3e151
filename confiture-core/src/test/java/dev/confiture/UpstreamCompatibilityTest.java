package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.execution.MigrateResult;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose tracking table upstream Confiture (the Python tool) created and filled.
 */
@ExtendWith(PostgresExtension.class)
class UpstreamCompatibilityTest {

    /** Upstream's DDL before it added applied_by: the oldest shape Confiture must read. */
    private static final String UPSTREAM_DDL = """
            CREATE TABLE IF NOT EXISTS tb_confiture (
                id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
                pk_confiture BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                slug TEXT NOT NULL UNIQUE,
                version VARCHAR(255) NOT NULL UNIQUE,
                name VARCHAR(255) NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
                execution_time_ms INTEGER,
                checksum VARCHAR(64)
            );
            CREATE INDEX IF NOT EXISTS idx_tb_confiture_pk_confiture ON tb_confiture(pk_confiture);
            CREATE INDEX IF NOT EXISTS idx_tb_confiture_slug ON tb_confiture(slug);
            CREATE INDEX IF NOT EXISTS idx_tb_confiture_version ON tb_confiture(version);
            CREATE INDEX IF NOT EXISTS idx_tb_confiture_applied_at ON tb_confiture(applied_at DESC);
            """;

    @TempDir
    Path directory;

    @Test
    void rowsWithRandomIdsCountAsAppliedAndAreNotRunAgain(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_users.up.sql", "CREATE TABLE tb_user (id UUID PRIMARY KEY);")
                .write("002_add_email.up.sql", "ALTER TABLE tb_user ADD COLUMN email TEXT;")
                .write("003_create_orders.up.sql", "CREATE TABLE tb_order (id UUID PRIMARY KEY);");
        Sql.execute(database, UPSTREAM_DDL);
        Sql.execute(database, "CREATE TABLE tb_user (id UUID PRIMARY KEY, email TEXT)");
        Sql.execute(database, "INSERT INTO tb_confiture (slug, version, name, execution_time_ms) VALUES "
                + "('001_create_users', '001', 'create_users', 12), ('002_add_email', '002', 'add_email', 3)");
        String upstreamId = Sql.scalar(database, "SELECT id FROM tb_confiture WHERE version = '001'");

        StatusReport before = files.confiture(database).status();
        MigrateResult result = files.confiture(database).migrate();

        assertThat(before.applied()).containsExactly("001", "002");
        assertThat(before.pending()).containsExactly("003");
        assertThat(before.migration("001").orElseThrow().id().toString()).isEqualTo(upstreamId);
        assertThat(before.problems()).isEmpty();
        assertThat(result.applied()).extracting("slug").containsExactly("003_create_orders");
        assertThat(Sql.scalar(database, "SELECT id FROM tb_confiture WHERE version = '001'")).isEqualTo(upstreamId);
        assertThat(Sql.column(database, "SELECT coalesce(applied_by, '(unknown)') FROM tb_confiture ORDER BY pk_confiture"))
                .containsExactly("(unknown)", "(unknown)", "postgres");
    }

    @Test
    void everyRowIsAnAppliedMigrationWhateverColumnsAnotherToolAdded(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_old.up.sql", "CREATE TABLE old (x int);")
                .write("010_baseline.up.sql", "CREATE TABLE squashed (x int);");
        Sql.execute(database, UPSTREAM_DDL);
        Sql.execute(database, "ALTER TABLE tb_confiture ADD COLUMN applied_by TEXT, ADD COLUMN archived_into VARCHAR(255)");
        Sql.execute(database, "CREATE TABLE old (x int); CREATE TABLE squashed (x int)");
        Sql.execute(database, "INSERT INTO tb_confiture (slug, version, name, archived_into) VALUES "
                + "('001_old', '001', 'old', '010'), ('010_baseline', '010', 'baseline', NULL)");

        assertThat(files.confiture(database).status().applied()).as("as upstream reads the table: every row")
                .containsExactly("001", "010");
        assertThat(files.confiture(database).migrate().appliedCount()).as("nothing runs again").isZero();
    }

    @Test
    void aTableThatIsNotATrackingTableIsRefusedByName(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        Sql.execute(database, "CREATE TABLE tb_confiture (id int, note text)");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.confiture(database).migrate())
                .isInstanceOfSatisfying(ConfitureException.class,
                        ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_TRACKING_TABLE))
                .hasMessageContaining("public.tb_confiture").hasMessageContaining("pk_confiture")
                .hasMessageContaining("ConfitureConfiguration.table");
    }

    @Test
    void aTrackingTableTheDatabasesSearchPathFindsInAnotherSchemaIsNeverDuplicatedInPublic(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        Sql.execute(database, "CREATE SCHEMA app");
        Sql.execute(database, "SET search_path = app; " + UPSTREAM_DDL
                + "INSERT INTO app.tb_confiture (slug, version, name) VALUES ('001_a', '001', 'a'); CREATE TABLE app.a (x int)");
        Sql.execute(database, "ALTER DATABASE " + database.name() + " SET search_path = app, public");

        for (Runnable operation : List.<Runnable>of(() -> files.confiture(database).migrate(),
                () -> files.confiture(database).status(), () -> files.confiture(database).trackingRows())) {
            assertThatThrownBy(operation::run).isInstanceOfSatisfying(ConfitureException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.TRACKING_TABLE_ELSEWHERE);
                assertThat(ex.getMessage()).contains("public.tb_confiture does not exist, but app.tb_confiture does",
                        "search_path (app, public)", "ConfitureConfiguration.schema to app");
            });
        }
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_class WHERE relname IN ('tb_confiture', "
                + "'tb_confiture_event', 'b')")).as("only upstream's table; nothing created or applied").isEqualTo("1");

        assertThat(files.confiture(database, builder -> builder.schema("app")).migrate().appliedCount()).isEqualTo(1);
        Sql.execute(database, "CREATE TABLE public.tb_confiture (LIKE app.tb_confiture INCLUDING ALL)");
        assertThatThrownBy(() -> files.confiture(database).status()).as("both exist, search_path finds app's first")
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.TRACKING_TABLE_ELSEWHERE);
                    assertThat(ex.getMessage()).contains("Two tracking tables: public.tb_confiture, which this tool reads, "
                            + "and app.tb_confiture");
                });
        Sql.execute(database, "ALTER DATABASE " + database.name() + " SET search_path = public, app");
        assertThat(files.confiture(database).status().pending()).as("public first: every tool reads public's")
                .containsExactly("001", "002");
        Sql.execute(database, "DROP TABLE public.tb_confiture");
        Sql.execute(database, "CREATE SCHEMA tenant_a");
        assertThat(files.confiture(database, builder -> builder.schema("tenant_a").searchPath("tenant_a")).migrate()
                .appliedCount())
                .as("a schema chosen on purpose is never second-guessed").isEqualTo(2);
    }
}
