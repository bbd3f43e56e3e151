package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.execution.CleanResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * clean, for development databases: the configured schemas come back empty with their owner, privileges, default
 * privileges and comment; all of them or none; refused unless enabled, and always where approvals are required.
 */
@ExtendWith(PostgresExtension.class)
class CleanTest {

    @TempDir
    Path directory;

    private MigrationDirectory migrations() {
        return new MigrationDirectory(directory).write("001_app.up.sql", """
                CREATE TABLE account (id bigint PRIMARY KEY);
                CREATE VIEW v_account AS SELECT id FROM account;
                CREATE SEQUENCE seq_ticket;
                CREATE TYPE mood AS ENUM ('ok', 'not ok');
                CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$;
                """);
    }

    @Test
    void theSchemasComeBackEmptyWithTheirOwnerPrivilegesDefaultPrivilegesAndComment(TestDatabase database) {
        String suffix = Integer.toHexString(database.name().hashCode()); // roles are the server's: one pair per database
        String owner = "clean_owner_" + suffix;
        String reader = "clean_reader_" + suffix;
        Sql.execute(database, "CREATE ROLE " + owner + "; CREATE ROLE " + reader + "; CREATE SCHEMA app AUTHORIZATION "
                + owner + "; GRANT USAGE ON SCHEMA app TO " + reader + "; GRANT CREATE ON SCHEMA app TO " + reader
                + " WITH GRANT OPTION; ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA app GRANT SELECT ON "
                + "TABLES TO " + reader + "; ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO "
                + reader + "; COMMENT ON SCHEMA app IS 'the app''s schema'; CREATE TABLE public.kept (x int)");
        List<List<String>> before = schemaAsItIs(database);
        Confiture confiture = migrations().confiture(database, builder -> builder.schema("app").searchPath("app")
                .cleanEnabled(true));
        confiture.migrate();

        CleanResult cleaned = confiture.clean();

        assertThat(cleaned.schemas()).containsExactly("app");
        assertThat(cleaned.relations()).as("account, v_account, seq_ticket and the two tracking tables (and sequence)")
                .isGreaterThanOrEqualTo(5);
        assertThat(cleaned.routines()).isEqualTo(1);
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'app'")).isEqualTo("0");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                + "WHERE n.nspname = 'app'")).isEqualTo("0");
        assertThat(schemaAsItIs(database)).isEqualTo(before);
        assertThat(Sql.tableExists(database, "public.kept")).as("other schemas are left alone").isTrue();
        assertThat(confiture.migrate().appliedCount()).as("migrate starts from scratch").isEqualTo(1);
    }

    @Test
    void refusedUnlessEnabledAndAlwaysWhereApprovalsAreRequired(TestDatabase database) {
        MigrationDirectory files = migrations();
        files.confiture(database).migrate();

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database).clean())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CLEAN_DISABLED);
                    assertThat(error.problem()).contains("drop everything in schema(s) public", "nothing was dropped");
                    assertThat(error.hint()).contains("ConfitureConfiguration.cleanEnabled");
                });
        assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database,
                builder -> builder.cleanEnabled(true).environment("production")).clean())
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CLEAN_DISABLED);
                    assertThat(error.problem()).contains("environment 'production', which requires approvals");
                });
        assertThat(Sql.tableExists(database, "account")).isTrue();
    }

    @Test
    void whenPostgresRefusesToDropOneSchemaNoSchemaIsCleaned(TestDatabase database) {
        Sql.execute(database, "CREATE SCHEMA app; CREATE SCHEMA other; CREATE TABLE other.kept (x int); "
                + "CREATE FUNCTION refuse_other() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() WHERE schema_name = 'other') THEN "
                + "RAISE EXCEPTION 'other is not to be dropped'; END IF; END $$; "
                + "CREATE EVENT TRIGGER refuse_other ON sql_drop EXECUTE FUNCTION refuse_other()");
        Confiture confiture = migrations().confiture(database, builder -> builder.schema("app").searchPath("other")
                .cleanEnabled(true));
        confiture.migrate();

        assertThatExceptionOfType(ConfitureException.class).isThrownBy(confiture::clean).satisfies(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
            assertThat(error.getMessage()).contains("other is not to be dropped", "nothing was dropped");
        });
        assertThat(Sql.tableExists(database, "app.tb_confiture")).as("app, dropped first, is back").isTrue();
        assertThat(Sql.tableExists(database, "other.account")).isTrue();
        assertThat(confiture.status().pending()).isEmpty();
    }

    @Test
    void aSessionHoldingALockInTheSchemaMakesCleanGiveUpAfterLockTimeoutNotWaitForever(TestDatabase database)
            throws Exception {
        MigrationDirectory files = migrations();
        files.confiture(database).migrate();
        try (java.sql.Connection other = database.connect(); java.sql.Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT * FROM account");

            // without a lock_timeout clean would wait for that session for ever: the bound only turns a hang into a failure
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> assertThatExceptionOfType(ConfitureException.class).isThrownBy(() -> files.confiture(database,
                            builder -> builder.cleanEnabled(true).lockTimeout(java.time.Duration.ofMillis(500))).clean())
                            .satisfies(error -> assertThat(error.getMessage()).contains("waited longer than lock_timeout",
                                    "nothing was dropped")));
            other.rollback();
        }
        assertThat(Sql.tableExists(database, "account")).isTrue();
    }

    /** Owner, privileges, default privileges and comment of schema app, as comparable rows. */
    private static List<List<String>> schemaAsItIs(TestDatabase database) {
        return Sql.rows(database, "SELECT 'owner', n.nspowner::regrole::text, '', '' FROM pg_namespace n "
                + "WHERE nspname = 'app' UNION ALL SELECT 'comment', obj_description(n.oid, 'pg_namespace'), '', '' "
                + "FROM pg_namespace n WHERE nspname = 'app' UNION ALL SELECT 'grant', a.privilege_type, "
                + "a.grantee::regrole::text, a.is_grantable::text FROM pg_namespace n, aclexplode(n.nspacl) a "
                + "WHERE nspname = 'app' UNION ALL SELECT 'default ' || d.defaclobjtype::text || ' for ' "
                + "|| d.defaclrole::regrole::text, a.privilege_type, a.grantee::regrole::text, a.is_grantable::text "
                + "FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a "
                + "WHERE nspname = 'app' ORDER BY 1, 2, 3, 4");
    }
}
