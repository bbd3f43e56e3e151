package dev.confiture.spring.boot.autoconfigure;

import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.datasource;
import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import dev.confiture.status.StatusReport;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two application contexts of different builds on one database: the running build 1.0 holds the contract migration
 * build 2.0 ships, build 2.0 starts ready anyway, and the first start after build 1.0 stopped applies it.
 */
@ExtendWith(PostgresExtension.class)
class ExpandContractIntegrationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders");

    @Test
    void aLiveOlderBuildHoldsTheContractMigrationUntilItStops(TestDatabase database, @TempDir Path oldBuild,
            @TempDir Path newBuild) throws IOException, java.sql.SQLException {
        Files.writeString(oldBuild.resolve("001_orders.up.sql"), "CREATE TABLE orders (id int PRIMARY KEY, customer text);");
        Files.copy(oldBuild.resolve("001_orders.up.sql"), newBuild.resolve("001_orders.up.sql"));
        Files.writeString(newBuild.resolve("002_customer_id.up.sql"),
                "-- confiture: phase=expand\nALTER TABLE orders ADD COLUMN customer_id int;");
        Files.writeString(newBuild.resolve("003_drop_customer.up.sql"),
                "-- confiture: phase=contract\nALTER TABLE orders DROP COLUMN customer;");
        ApplicationContextRunner version1 = runner.withPropertyValues(datasource(database)).withPropertyValues(
                "confiture.locations=filesystem:" + oldBuild, "confiture.heartbeat.build-version=1.0",
                "confiture.heartbeat.instance-id=pod-a");
        ApplicationContextRunner version2 = runner.withPropertyValues(datasource(database)).withPropertyValues(
                "confiture.locations=filesystem:" + newBuild, "confiture.heartbeat.build-version=2.0",
                "confiture.heartbeat.instance-id=pod-b");

        version1.run(old -> {
            assertThat(old).hasNotFailed().hasSingleBean(ConfitureHeartbeat.class);
            assertThat(instances(database)).isEqualTo("orders/pod-a 1.0 001");
            version2.run(fresh -> {
                assertThat(fresh).hasNotFailed();
                Confiture confiture = fresh.getBean(Confiture.class);
                StatusReport status = confiture.status();
                assertThat(status.current()).as("the expand migration ran at startup").isEqualTo("002");
                assertThat(status.held()).containsExactly("003");
                assertThat(status.liveBuilds()).extracting(build -> build.buildVersion()).containsExactly("1.0", "2.0");
                assertThat(columns(database)).isEqualTo("id,customer,customer_id");
                var health = new ConfitureHealthIndicator(confiture, fresh.getBean(ConfitureStartup.class)).health(true);
                assertThat(health.getStatus()).as("held is not pending: the new build takes traffic").isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("held", 1).containsEntry("pending", 0);
            });
            assertThat(instances(database)).as("pod-b removed its row when it stopped").isEqualTo("orders/pod-a 1.0 001");
        });
        assertThat(instances(database)).as("pod-a too").isNull();

        version2.run(fresh -> {
            assertThat(fresh).hasNotFailed();
            assertThat(fresh.getBean(Confiture.class).status().current()).isEqualTo("003");
            assertThat(columns(database)).isEqualTo("id,customer_id");
        });
    }

    @Test
    void theHeartbeatStartsBeforeTheWebServerAndStopsAfterItsGracefulShutdown() {
        // a lower phase starts earlier and stops later: Boot's web server starts and stops at DEFAULT_PHASE - 2048, its
        // graceful shutdown at DEFAULT_PHASE - 1024
        assertThat(ConfitureHeartbeat.PHASE).isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    @Test
    void theHeartbeatCanBeTurnedOff(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.heartbeat.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ConfitureHeartbeat.class);
                    assertThat(context.getBean(Confiture.class).liveInstances()).isEmpty();
                });
    }

    private static String instances(TestDatabase database) throws java.sql.SQLException {
        return scalar(database, "SELECT string_agg(application || '/' || instance_id || ' ' || build_version || ' ' || schema_version, ', ' "
                + "ORDER BY instance_id) FROM tb_confiture_instance");
    }

    private static String columns(TestDatabase database) throws java.sql.SQLException {
        return scalar(database, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                + "FROM information_schema.columns WHERE table_name = 'orders'");
    }
}
