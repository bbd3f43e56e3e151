package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.schema.drift.Difference;
import dev.confiture.schema.drift.DifferenceKind;
import dev.confiture.schema.drift.DriftJson;
import dev.confiture.schema.drift.DriftReport;
import dev.confiture.schema.drift.DriftSource;
import dev.confiture.schema.drift.ObjectType;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drift preflight: the live catalog against what the schema files or the migrations build.
 */
@ExtendWith(PostgresExtension.class)
class DriftTest {

    private static final String CUSTOMER = """
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
            CREATE TYPE order_state AS ENUM ('open', 'paid');
            CREATE TABLE tb_customer (
                pk_customer BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
                email TEXT NOT NULL,
                CONSTRAINT email_has_at CHECK (position('@' in email) > 0)
            );
            CREATE INDEX idx_customer_email ON tb_customer (email);
            """;

    private static final String ORDER = """
            CREATE SEQUENCE invoice_number START 1000;
            CREATE TABLE tb_order (
                pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
                fk_customer BIGINT NOT NULL REFERENCES tb_customer (pk_customer),
                state order_state NOT NULL DEFAULT 'open',
                total NUMERIC(10, 2) DEFAULT 0,
                invoice BIGINT DEFAULT nextval('invoice_number')
            );
            CREATE FUNCTION order_total(p_customer BIGINT) RETURNS NUMERIC LANGUAGE sql STABLE AS $$
                SELECT coalesce(sum(total), 0) FROM tb_order WHERE fk_customer = p_customer
            $$;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER tr_order_touch BEFORE UPDATE ON tb_order FOR EACH ROW EXECUTE FUNCTION touch();
            CREATE VIEW v_order AS SELECT o.id, c.email, o.total FROM tb_order o JOIN tb_customer c USING (pk_customer);
            """;

    @TempDir
    Path directory;

    private MigrationDirectory migrations() {
        return new MigrationDirectory(directory.resolve("migration"))
                .write("001_customer.up.sql", CUSTOMER)
                .write("002_order.up.sql", ORDER.replace("USING (pk_customer)", "ON c.pk_customer = o.fk_customer"));
    }

    private MigrationDirectory schemaFiles() {
        return new MigrationDirectory(directory.resolve("schema"))
                .write("10_customer.sql", CUSTOMER)
                .write("20_order.sql", ORDER.replace("USING (pk_customer)", "ON c.pk_customer = o.fk_customer"));
    }

    private Confiture confiture(TestDatabase database) {
        return SchemaTrees.confiture(database, schemaFiles(), migrations());
    }

    @Test
    void anUntouchedDatabaseHasNoDrift(TestDatabase database) {
        confiture(database).migrate();

        DriftReport migrations = confiture(database).drift(DriftSource.MIGRATIONS);
        DriftReport schemaFiles = confiture(database).drift(DriftSource.SCHEMA_FILES);

        assertThat(migrations.differences()).isEmpty();
        assertThat(migrations.hasDrift()).isFalse();
        assertThat(migrations.expectedVersion()).isEqualTo("002");
        assertThat(migrations.database()).isEqualTo(database.name());
        assertThat(schemaFiles.differences()).isEmpty();
        assertThat(schemaFiles.expectedVersion()).isNull();
        assertThat(migrations.requireNoDrift()).isSameAs(migrations);
    }

    @Test
    void upstreamsLockHolderTableIsBookkeepingNotDrift(TestDatabase database) {
        confiture(database).migrate();
        Sql.execute(database, "CREATE TABLE confiture_lock_holder (lock_id BIGINT PRIMARY KEY, pid INT, hostname TEXT, "
                + "usename TEXT, command TEXT, acquired_at TIMESTAMPTZ NOT NULL DEFAULT now())");

        assertThat(confiture(database).drift(DriftSource.MIGRATIONS).differences()).isEmpty();
    }

    @Test
    void aColumnAddedByHandAndADroppedIndexAreReportedPrecisely(TestDatabase database) {
        confiture(database).migrate();
        Sql.execute(database, "ALTER TABLE tb_customer ADD COLUMN extra text");
        Sql.execute(database, "DROP INDEX idx_customer_email");

        DriftReport report = confiture(database).drift(DriftSource.MIGRATIONS);

        assertThat(report.hasDrift()).isTrue();
        assertThat(report.differences()).containsExactly(
                new Difference(DifferenceKind.EXTRA, ObjectType.COLUMN, "public.tb_customer.extra", null, null, "text"),
                new Difference(DifferenceKind.MISSING, ObjectType.INDEX, "public.idx_customer_email", null,
                        "CREATE INDEX idx_customer_email ON public.tb_customer USING btree (email)", null));
        assertThat(report.summary().extra()).isEqualTo(1);
        assertThat(report.summary().missing()).isEqualTo(1);
        assertThat(report.summary().changed()).isZero();
        assertThat(confiture(database).drift(DriftSource.SCHEMA_FILES).differences())
                .as("the schema files build the same schema").isEqualTo(report.differences());
        assertThatThrownBy(report::requireNoDrift).isInstanceOfSatisfying(ConfitureException.class,
                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.DRIFT_DETECTED))
                .hasMessageContaining("extra column public.tb_customer.extra: text");
    }

    @Test
    void changedTypesDefaultsAndDefinitionsAreReportedAsChangedAttributes(TestDatabase database) {
        confiture(database).migrate();
        Sql.execute(database, "DROP VIEW v_order");
        Sql.execute(database, "ALTER TABLE tb_customer ALTER COLUMN email TYPE varchar(100)");
        Sql.execute(database, "ALTER TABLE tb_order ALTER COLUMN total SET DEFAULT 1, ALTER COLUMN total SET NOT NULL");
        Sql.execute(database, "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$");
        Sql.execute(database, "ALTER TYPE order_state ADD VALUE 'refunded'");

        DriftReport report = confiture(database).drift(DriftSource.SCHEMA_FILES);

        assertThat(report.differences()).extracting(Difference::toString).containsExactly(
                "changed type public.order_state: definition is 'open', 'paid', 'refunded', expected 'open', 'paid'",
                "changed column public.tb_customer.email: type is character varying(100), expected text",
                "changed column public.tb_order.total: default is 1, expected 0",
                "changed column public.tb_order.total: not_null is true, expected false",
                "missing view public.v_order: view",
                "changed function public.touch(): definition is CREATE OR REPLACE FUNCTION public.touch()\n"
                        + " RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN OLD; END $function$\n, expected "
                        + "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                        + "AS $function$ BEGIN RETURN NEW; END $function$\n");
    }

    @Test
    void aMissingTableIsOneDifferenceNotOnePerColumn(TestDatabase database) {
        confiture(database).migrate();
        Sql.execute(database, "CREATE TABLE tb_by_hand (pk_by_hand BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)");
        Sql.execute(database, "CREATE INDEX idx_by_hand_note ON tb_by_hand (note)");

        DriftReport report = confiture(database).drift(DriftSource.MIGRATIONS);

        assertThat(report.differences()).containsExactly(
                new Difference(DifferenceKind.EXTRA, ObjectType.TABLE, "public.tb_by_hand", null, null, "table"));
    }

    @Test
    void migrationsAreReplayedUpToTheLiveDatabasesVersion(TestDatabase database) {
        SchemaTrees.confiture(database, schemaFiles(), migrations(), builder -> builder.target("001")).migrate();

        DriftReport migrations = confiture(database).drift(DriftSource.MIGRATIONS);
        DriftReport schemaFiles = confiture(database).drift(DriftSource.SCHEMA_FILES);

        assertThat(migrations.expectedVersion()).isEqualTo("001");
        assertThat(migrations.hasDrift()).isFalse();
        assertThat(schemaFiles.differences()).extracting(Difference::kind).containsOnly(DifferenceKind.MISSING);
        assertThat(schemaFiles.differences()).extracting(Difference::name)
                .contains("public.tb_order", "public.v_order", "public.invoice_number", "public.touch()");
    }

    @Test
    void theReportIsSnakeCaseJson(TestDatabase database) throws Exception {
        confiture(database).migrate();
        Sql.execute(database, "ALTER TABLE tb_customer ADD COLUMN extra text");

        JsonNode json = JsonMapper.builder().build().readTree(DriftJson.write(confiture(database).drift(DriftSource.MIGRATIONS)));

        assertThat(json.get("format_version").asInt()).isEqualTo(1);
        assertThat(json.get("source").asString()).isEqualTo("migrations");
        assertThat(json.get("expected_version").asString()).isEqualTo("002");
        assertThat(json.get("has_drift").asBoolean()).isTrue();
        assertThat(json.get("summary").toString()).isEqualTo("{\"missing\":0,\"extra\":1,\"changed\":0}");
        assertThat(json.get("differences").get(0).toString()).isEqualTo("{\"kind\":\"extra\",\"object_type\":\"column\","
                + "\"name\":\"public.tb_customer.extra\",\"attribute\":null,\"expected\":null,\"actual\":\"text\"}");
        assertThat(json.has("duration_ms")).isTrue();
    }

    @Test
    void withoutTheCreatedbPrivilegeDriftFailsNamingIt(TestDatabase database) {
        String role = "no_createdb_" + UUID.randomUUID().toString().substring(0, 8);
        Sql.execute(database, "CREATE ROLE " + role + " LOGIN PASSWORD 'secret' NOCREATEDB");
        try {
            PGSimpleDataSource limited = new PGSimpleDataSource();
            limited.setURL(database.jdbcUrl());
            limited.setUser(role);
            limited.setPassword("secret");
            Confiture confiture = new Confiture(ConfitureConfiguration.builder().dataSource(limited)
                    .locations(migrations().location()).schemaLocations(schemaFiles().location()).build());

            assertThatThrownBy(() -> confiture.drift(DriftSource.SCHEMA_FILES))
                    .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.SCRATCH_DATABASE_FAILED);
                        assertThat(ex.getMessage()).contains(role, "may not create databases", "CREATEDB");
                    });
        }
        finally {
            Sql.execute(database, "DROP ROLE " + role);
        }
    }
}
