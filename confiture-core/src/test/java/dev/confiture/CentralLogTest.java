package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events of several environments in one central database.
 */
@ExtendWith(PostgresExtension.class)
class CentralLogTest {

    @TempDir
    Path directory;

    @Test
    void stagingAndProductionLogToOneCentralDatabaseJoinableOnTheMigrationId(TestDatabase central) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_create_invoice.up.sql", "CREATE TABLE tb_invoice (id UUID PRIMARY KEY);")
                .write("002_add_total.up.sql", "ALTER TABLE tb_invoice ADD COLUMN total_cents BIGINT;");
        try (TestDatabase staging = SharedPostgres.createDatabase("staging");
                TestDatabase production = SharedPostgres.createDatabase("production")) {
            files.confiture(staging, builder -> builder.environment("staging").centralEventLog(central.dataSource()))
                    .migrate();
            files.confiture(production, builder -> builder.environment("production").centralEventLog(central.dataSource()))
                    .migrate();

            List<List<String>> joined = Sql.rows(central, "SELECT s.slug, s.environment, p.environment "
                    + "FROM tb_confiture_event s JOIN tb_confiture_event p ON p.migration_id = s.migration_id "
                    + "WHERE s.kind = 'migrate' AND s.status = 'succeeded' AND s.environment = 'staging' "
                    + "AND p.kind = 'migrate' AND p.status = 'succeeded' AND p.environment = 'production' ORDER BY 1");

            assertThat(joined).containsExactly(List.of("001_create_invoice", "staging", "production"),
                    List.of("002_add_total", "staging", "production"));
            assertThat(Sql.scalar(central, "SELECT count(*) FROM tb_confiture_event")).isEqualTo(
                    String.valueOf(Long.parseLong(Sql.scalar(staging, "SELECT count(*) FROM tb_confiture_event"))
                            + Long.parseLong(Sql.scalar(production, "SELECT count(*) FROM tb_confiture_event"))));
            assertThat(Sql.tableExists(central, "tb_confiture")).as("only events go to the central database").isFalse();
        }
    }

    @Test
    void aRolledBackMigrationIsNeverLoggedCentrallyAsSucceeded(TestDatabase central) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_fails.up.sql", "CREATE TABLE t (x int);\nSELECT 1 / 0;");
        try (TestDatabase local = SharedPostgres.createDatabase("local")) {
            assertThatThrownBy(() -> files.confiture(local, builder -> builder.centralEventLog(central.dataSource())).migrate());

            assertThat(Sql.column(central, "SELECT kind || ' ' || status FROM tb_confiture_event ORDER BY pk_confiture_event"))
                    .containsExactly("run started", "migrate failed", "run failed");
        }
    }

    @Test
    void eventsOfATransactionThatPostgresRefusesToCommitNeverReachTheCentralLog(TestDatabase central) {
        MigrationDirectory files = new MigrationDirectory(directory)
                .write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        try (TestDatabase local = SharedPostgres.createDatabase("local")) {
            files.confiture(local, builder -> builder.centralEventLog(central.dataSource()).target("001")).migrate();
            // the baseline's events are written in its transaction, which the server then refuses to commit
            Sql.execute(local, "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$BEGIN RAISE EXCEPTION 'refused at commit'; END$$; CREATE CONSTRAINT TRIGGER refuse_at_commit "
                    + "AFTER INSERT ON tb_confiture DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse()");

            assertThatThrownBy(() -> files.confiture(local, builder -> builder.centralEventLog(central.dataSource()))
                    .baseline("002")).hasMessageContaining("refused at commit");

            assertThat(Sql.scalar(local, "SELECT count(*) FROM tb_confiture_event WHERE kind = 'baseline'")).isEqualTo("0");
            assertThat(Sql.column(central, "SELECT kind || ' ' || status FROM tb_confiture_event ORDER BY pk_confiture_event"))
                    .as("the central log holds what committed locally, nothing of the refused baseline")
                    .containsExactly("run started", "migrate succeeded", "run succeeded");
        }
    }

    @Test
    void anUnreachableCentralLogDoesNotStopMigrations(TestDatabase database) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        org.postgresql.ds.PGSimpleDataSource unreachable = new org.postgresql.ds.PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1");

        assertThat(files.confiture(database, builder -> builder.centralEventLog(unreachable)).migrate().appliedCount())
                .isEqualTo(1);
    }

    @Test
    void aCentralLogThatAcceptsButNeverAnswersIsTriedOnceNotOncePerEvent(TestDatabase database) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);")
                .write("002_b.up.sql", "CREATE TABLE b (x int);");
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts, never answers
                        accepted.incrementAndGet();
                    }
                }
                catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            org.postgresql.ds.PGSimpleDataSource mute = new org.postgresql.ds.PGSimpleDataSource();
            mute.setURL("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/central");
            mute.setLoginTimeout(1);

            assertThat(files.confiture(database, builder -> builder.centralEventLog(mute)).migrate().appliedCount())
                    .isEqualTo(2);
            assertThat(accepted.get()).as("one attempt, then the central log is left alone for a while").isEqualTo(1);
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void migratorsWritingTheirFirstEventsAtOnceLoseNone(TestDatabase central) {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        List<TestDatabase> databases = new java.util.ArrayList<>();
        try {
            java.util.Map<String, dev.confiture.config.ConfitureConfiguration> configurations = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                TestDatabase database = SharedPostgres.createDatabase("first_" + i);
                databases.add(database);
                configurations.put(database.name(), dev.confiture.config.ConfitureConfiguration.builder()
                        .dataSource(database.dataSource()).locations(files.location())
                        .centralEventLog(central.dataSource()).build());
            }
            assertThat(new dev.confiture.tenant.DatabaseMigrations(configurations, 6, false).migrate().succeeded()).isTrue();

            long local = 0;
            for (TestDatabase database : databases) {
                local += Long.parseLong(Sql.scalar(database, "SELECT count(*) FROM tb_confiture_event"));
            }
            assertThat(Long.parseLong(Sql.scalar(central, "SELECT count(*) FROM tb_confiture_event"))).isEqualTo(local);
        }
        finally {
            databases.forEach(TestDatabase::close);
        }
    }

    @Test
    void aRoleThatMayOnlyInsertStillLogsToACentralTableAnOlderReleaseCreated(TestDatabase central) throws Exception {
        MigrationDirectory files = new MigrationDirectory(directory).write("001_a.up.sql", "CREATE TABLE a (x int);");
        String role = "central_writer_" + central.name().replaceAll("[^a-z0-9_]", "");
        try (TestDatabase local = SharedPostgres.createDatabase("older_central")) {
            new MigrationDirectory(directory.resolve("none")).confiture(central).migrate(); // creates the event table
            Sql.execute(central, "ALTER TABLE tb_confiture_event DROP COLUMN IF EXISTS received_at");
            Sql.execute(central, "CREATE ROLE " + role + " LOGIN; GRANT INSERT, SELECT ON tb_confiture_event TO " + role);
            try {
                org.postgresql.ds.PGSimpleDataSource writer = new org.postgresql.ds.PGSimpleDataSource();
                writer.setURL(central.jdbcUrl());
                writer.setUser(role);
                writer.setPassword(central.password());
                files.confiture(local, builder -> builder.centralEventLog(writer)).migrate();

                assertThat(Sql.column(central, "SELECT kind || ' ' || status FROM tb_confiture_event WHERE slug = '001_a'"))
                        .containsExactly("migrate succeeded");
            }
            finally {
                Sql.execute(central, "DROP OWNED BY " + role + "; DROP ROLE " + role);
            }
        }
    }
}
