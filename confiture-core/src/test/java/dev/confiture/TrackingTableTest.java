package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Trinity table exactly as docs/architecture.md describes it, written by migrate.
 */
@ExtendWith(PostgresExtension.class)
class TrackingTableTest {

    @TempDir
    Path directory;

    @Test
    void aDeployRoleThatMayOnlyWriteTheExistingTrackingTablesCanMigrate(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        files.confiture(database).migrate();
        String role = "deployer_" + Long.toHexString(System.nanoTime());
        Sql.execute(database, "CREATE ROLE " + role + " LOGIN");
        try {
            Sql.execute(database, "REVOKE CREATE ON DATABASE " + database.name() + " FROM PUBLIC");
            Sql.execute(database, "GRANT USAGE, CREATE ON SCHEMA public TO " + role);
            Sql.execute(database, "GRANT SELECT, INSERT, UPDATE, DELETE ON tb_confiture, tb_confiture_event TO " + role);
            files.write("002_b.up.sql", "CREATE TABLE b (x int);");
            org.postgresql.ds.PGSimpleDataSource deployer = new org.postgresql.ds.PGSimpleDataSource();
            deployer.setURL(database.jdbcUrl());
            deployer.setUser(role);

            assertThat(new Confiture(ConfitureConfiguration.builder().dataSource(deployer).locations(files.location())
                    .build()).migrate().applied()).extracting("slug").containsExactly("002_b");
        }
        finally {
            Sql.execute(database, "DROP OWNED BY " + role);
            Sql.execute(database, "DROP ROLE " + role);
        }
    }

    @Test
    void threeMigrationsGiveThreeRowsWithNameBasedIdsAndChecksumsOfTheBytes(TestDatabase database) throws Exception {
        MigrationDirectory files = threeMigrations();

        MigrateResult result = files.confiture(database).migrate();

        assertThat(result.applied()).extracting("slug").containsExactly("001_create_users", "002_add_email",
                "003_create_orders");
        List<List<String>> rows = Sql.rows(database,
                "SELECT id, slug, version, name, checksum, pk_confiture, applied_by FROM tb_confiture ORDER BY pk_confiture");
        assertThat(rows).hasSize(3);
        for (List<String> row : rows) {
            String slug = row.get(1);
            assertThat(row.get(0)).as("id of %s", slug).isEqualTo(uuid5(slug));
            assertThat(row.get(4)).as("checksum of %s", slug)
                    .isEqualTo(sha256(Files.readAllBytes(files.path(slug + ".up.sql"))));
            assertThat(row.get(6)).as("applied_by").isEqualTo("postgres");
        }
        assertThat(rows).extracting(row -> row.get(2)).containsExactly("001", "002", "003");
        assertThat(rows).extracting(row -> row.get(3)).containsExactly("create_users", "add_email", "create_orders");
        assertThat(rows).extracting(row -> Long.parseLong(row.get(5))).isSorted();
    }

    @Test
    void columnsAndTypesMatchTheDesign(TestDatabase database) {
        threeMigrations().confiture(database).migrate();

        List<List<String>> columns = Sql.rows(database, "SELECT column_name, data_type, "
                + "coalesce(character_maximum_length::text, 'null'), is_nullable, is_identity, "
                + "coalesce(identity_generation, 'null') FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND table_name = 'tb_confiture' ORDER BY ordinal_position");
        assertThat(columns).containsExactly(
                List.of("id", "uuid", "null", "NO", "NO", "null"),
                List.of("pk_confiture", "bigint", "null", "NO", "YES", "ALWAYS"),
                List.of("slug", "text", "null", "NO", "NO", "null"),
                List.of("version", "character varying", "255", "NO", "NO", "null"),
                List.of("name", "character varying", "255", "NO", "NO", "null"),
                List.of("applied_at", "timestamp with time zone", "null", "NO", "NO", "null"),
                List.of("execution_time_ms", "integer", "null", "YES", "NO", "null"),
                List.of("checksum", "character varying", "64", "YES", "NO", "null"),
                List.of("applied_by", "text", "null", "YES", "NO", "null"));
        assertThat(Sql.column(database, "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
                + "WHERE c.conrelid = 'public.tb_confiture'::regclass AND c.contype IN ('p', 'u') ORDER BY 1"))
                .containsExactlyInAnyOrder("PRIMARY KEY (id)", "UNIQUE (pk_confiture)", "UNIQUE (slug)", "UNIQUE (version)");
        assertThat(Sql.column(database, "SELECT indexname FROM pg_indexes WHERE tablename = 'tb_confiture'"))
                .contains("idx_tb_confiture_pk_confiture", "idx_tb_confiture_slug", "idx_tb_confiture_version",
                        "idx_tb_confiture_applied_at");
        assertThat(Sql.scalar(database, "SELECT column_default FROM information_schema.columns "
                + "WHERE table_name = 'tb_confiture' AND column_name = 'applied_at'")).isEqualTo("now()");
    }

    @Test
    void eventTableIsATrinityTableToo(TestDatabase database) {
        threeMigrations().confiture(database).migrate();

        assertThat(Sql.column(database, "SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'tb_confiture_event' ORDER BY ordinal_position"))
                .containsExactly("id", "pk_confiture_event", "run_id", "migration_id", "version", "slug", "kind", "status",
                        "environment", "host", "application", "started_at", "finished_at", "duration_ms", "error", "details");
        assertThat(Sql.column(database, "SELECT kind || ' ' || status || coalesce(' ' || version, '') "
                + "FROM tb_confiture_event ORDER BY pk_confiture_event"))
                .containsExactly("run started", "migrate succeeded 001", "migrate succeeded 002", "migrate succeeded 003",
                        "run succeeded");
        assertThat(Sql.column(database, "SELECT DISTINCT environment FROM tb_confiture_event")).containsExactly("default");
        assertThat(Sql.scalar(database, "SELECT count(DISTINCT run_id) FROM tb_confiture_event")).isEqualTo("1");
        // time-ordered ids (UUID version 7): the primary key grows at its end
        assertThat(Sql.column(database, "SELECT DISTINCT substr(id::text, 15, 1) FROM tb_confiture_event"))
                .containsExactly("7");
        assertThat(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event e JOIN tb_confiture t "
                + "ON t.id = e.migration_id")).isEqualTo("3");
    }

    /**
     * The rows are read with applied_at as a number (cheaper to decode on a cold start than the driver's timestamp
     * parsing): every instant reads back exactly as the driver reads it, at microsecond precision, before 1970, after
     * 2262 (where nanoseconds overflow a long), after 294247 (where microseconds do), infinity, and in a session whose
     * time zone has a 45-minute offset.
     */
    @Test
    void appliedAtReadsBackExactlyAsTheDriverReadsIt(TestDatabase database) throws Exception {
        MigrationDirectory files = threeMigrations().write("004_d.up.sql", "SELECT 1;\n").write("005_e.up.sql", "SELECT 1;\n");
        files.confiture(database).migrate();
        Sql.execute(database, "UPDATE tb_confiture SET applied_at = CASE version "
                + "WHEN '001' THEN '1969-12-31 23:59:59.000001+00'::timestamptz "
                + "WHEN '002' THEN '2400-02-29 12:34:56.789012+05:30'::timestamptz "
                + "WHEN '003' THEN 'infinity'::timestamptz "
                + "WHEN '005' THEN '294270-01-01 12:00:00.5+00'::timestamptz ELSE applied_at END");

        try (java.sql.Connection connection = database.connect()) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'Asia/Kathmandu'");
            }
            List<dev.confiture.tracking.AppliedMigration> read = new dev.confiture.tracking.TrackingTable(
                    new dev.confiture.tracking.TableName("public", "tb_confiture")).read(connection);
            List<java.time.OffsetDateTime> driver = new java.util.ArrayList<>();
            try (java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet rows = statement.executeQuery(
                            "SELECT applied_at FROM tb_confiture ORDER BY pk_confiture")) {
                while (rows.next()) {
                    driver.add(rows.getObject(1, java.time.OffsetDateTime.class));
                }
            }
            assertThat(read).extracting(dev.confiture.tracking.AppliedMigration::appliedAt).containsExactlyElementsOf(driver);
            assertThat(driver.get(0)).isEqualTo("1969-12-31T23:59:59.000001Z");
            assertThat(driver.get(1)).isEqualTo("2400-02-29T07:04:56.789012Z");
            assertThat(driver.get(2)).isEqualTo(java.time.OffsetDateTime.MAX);
            assertThat(driver.get(4)).isEqualTo("+294270-01-01T12:00:00.5Z");
        }
    }

    private MigrationDirectory threeMigrations() {
        return new MigrationDirectory(directory)
                .write("001_create_users.up.sql", "CREATE TABLE tb_user (id UUID PRIMARY KEY, pk_user BIGINT);\n")
                .write("002_add_email.up.sql", "ALTER TABLE tb_user ADD COLUMN email TEXT;\n")
                .write("003_create_orders.up.sql", "CREATE TABLE tb_order (id UUID PRIMARY KEY);\n");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Computed independently of the production code: RFC 9562 §5.5 by hand. */
    private static String uuid5(String slug) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(HexFormat.of().parseHex("5c0a6f2e2b1d5a8e9c3fc0f17e2e0a01"));
        byte[] hash = sha1.digest(slug.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(hash, 0, 16);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
