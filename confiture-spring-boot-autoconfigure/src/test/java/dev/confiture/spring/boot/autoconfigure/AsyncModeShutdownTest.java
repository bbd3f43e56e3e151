package dev.confiture.spring.boot.autoconfigure;

import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.datasource;
import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.scalar;
import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.tableExists;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Closing the context while an async migration runs stops the migration before its next statement and waits for it:
 * nothing runs after the context (and its DataSource) is gone, and the next start continues where it stopped.
 */
@ExtendWith(PostgresExtension.class)
class AsyncModeShutdownTest {

    @TempDir
    Path migrations;

    @Test
    void closingTheContextStopsTheBackgroundMigrationBeforeItsNextStatement(TestDatabase database) throws Exception {
        Files.writeString(migrations.resolve("001_slow.up.sql"), "-- confiture: transactional=false\n"
                + "SELECT pg_sleep(1.5);\nCREATE TABLE after_sleep (id int);\n");
        Files.writeString(migrations.resolve("002_next.up.sql"), "CREATE TABLE next_one (id int);\n");
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class))
                .withPropertyValues(datasource(database))
                .withPropertyValues("confiture.startup-mode=async", "confiture.locations=filesystem:" + migrations);
        runner.run(context -> {
            awaitSleeping(database);
            context.close();
            assertThat(Thread.getAllStackTraces().keySet()).as("the background migration has ended when close returns")
                    .noneMatch(thread -> thread.getName().equals("confiture-migrate") && thread.isAlive());
        });
        Thread.sleep(2000);
        assertThat(tableExists(database, "after_sleep")).as("statement 2 never started").isFalse();
        assertThat(tableExists(database, "next_one")).isFalse();
        assertThat(scalar(database, "SELECT count(*) FROM tb_confiture")).isEqualTo("0");
        // stopped between statements, not by the pool closing its connections under it mid-statement
        assertThat(scalar(database, "SELECT error FROM tb_confiture_event WHERE status = 'failed' "
                + "ORDER BY pk_confiture_event DESC LIMIT 1")).contains("Interrupted: stopped before statement 2 of 2");

        runner.withPropertyValues("confiture.startup-mode=migrate").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(tableExists(database, "after_sleep")).isTrue();
            assertThat(tableExists(database, "next_one")).isTrue();
        });
    }

    @Test
    void closingTheContextStopsTheTenantsBackgroundMigrationsToo(TestDatabase database) throws Exception {
        Path tenantMigrations = Files.createDirectories(migrations.resolve("tenant"));
        Files.writeString(tenantMigrations.resolve("001_slow.up.sql"), "-- confiture: transactional=false\n"
                + "SELECT pg_sleep(1.5);\nCREATE TABLE after_sleep (id int);\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class))
                .withPropertyValues(datasource(database))
                .withPropertyValues("confiture.startup-mode=async", "confiture.locations=filesystem:" + migrations.resolve("none"),
                        "confiture.fail-on-missing-locations=false", "confiture.tenants.schemas=t_1",
                        "confiture.tenants.locations=filesystem:" + tenantMigrations)
                .run(context -> {
                    awaitSleeping(database);
                    context.close();
                    assertThat(Thread.getAllStackTraces().keySet()).as("the tenants' migration has ended when close returns")
                            .noneMatch(thread -> thread.getName().startsWith("confiture-tenant") && thread.isAlive());
                });
        Thread.sleep(2000);
        assertThat(scalar(database, "SELECT to_regclass('t_1.after_sleep') IS NULL")).as("statement 2 never started")
                .isEqualTo("t");
    }

    private static void awaitSleeping(TestDatabase database) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!"1".equals(scalar(database, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(1.5)%'"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the background migration never started its first statement");
            }
            Thread.sleep(20);
        }
    }
}
