package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.endpoint.ConfitureEndpoint;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import dev.confiture.spring.boot.actuate.metrics.ConfitureMigrationMetrics;
import dev.confiture.spring.boot.actuate.metrics.ConfitureStatusMetrics;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint, health and metrics auto-configurations: one test per condition.
 */
@ExtendWith(PostgresExtension.class)
class ConfitureActuatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class,
                    ConfitureEndpointAutoConfiguration.class, ConfitureHealthContributorAutoConfiguration.class,
                    ConfitureMetricsAutoConfiguration.class));

    @Test
    void endpointExistsWhenExposed(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("management.endpoints.web.exposure.include=confiture")
                .run(context -> assertThat(context).hasSingleBean(ConfitureEndpoint.class));
    }

    @Test
    void endpointBacksOffWhenNotExposed(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .run(context -> assertThat(context).doesNotHaveBean(ConfitureEndpoint.class));
    }

    @Test
    void endpointBacksOffWithoutAConfitureBean() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=confiture")
                .withPropertyValues("confiture.enabled=false", "spring.datasource.url=jdbc:postgresql://unused/db")
                .run(context -> assertThat(context).doesNotHaveBean(Confiture.class)
                        .doesNotHaveBean(ConfitureEndpoint.class));
    }

    @Test
    void healthIndicatorIsNamedConfiture(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database)).run(context -> {
            assertThat(context).hasSingleBean(ConfitureHealthIndicator.class).hasBean("confitureHealthContributor");
            assertThat(context.getBean(ConfitureHealthIndicator.class).health(true).getStatus().getCode()).isEqualTo("UP");
        });
    }

    @Test
    void healthIndicatorFollowsTheDefaultOfEveryIndicator(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(HealthContributor.class));
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("management.health.defaults.enabled=false", "management.health.confiture.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(ConfitureHealthIndicator.class));
    }

    @Test
    void namedInstancesAreChildrenOfOneCompositeConfitureContributor(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.instances.billing.table=tb_billing",
                        "confiture.instances.billing.locations=classpath:db/other")
                .run(context -> {
                    assertThat(context).hasNotFailed().getBeans(HealthContributor.class).containsOnlyKeys(
                            "confitureHealthContributor");
                    CompositeHealthContributor composite = context.getBean(CompositeHealthContributor.class);
                    assertThat(composite.stream().map(HealthContributors.Entry::name)).containsExactly("billing", "default");
                    assertThat(((ConfitureHealthIndicator) composite.getContributor("billing")).health(true).getDetails())
                            .containsEntry("current", "001");
                });
    }

    @Test
    void anApplicationsOwnConfitureBeanBesideANamedInstanceIsAChildToo(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.instances.billing.table=tb_billing",
                        "confiture.instances.billing.locations=classpath:db/other")
                .withBean("myConfiture", Confiture.class, () -> new Confiture(dev.confiture.config.ConfitureConfiguration
                        .builder().dataSource(database.dataSource()).table("tb_mine").build()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CompositeHealthContributor composite = context.getBean(CompositeHealthContributor.class);
                    assertThat(composite.stream().map(HealthContributors.Entry::name)).containsExactly("billing",
                            "myConfiture");
                });
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.instances.billing.table=tb_billing",
                        "confiture.instances.billing.locations=classpath:db/other")
                .withBean("billing", Confiture.class, () -> new Confiture(dev.confiture.config.ConfitureConfiguration
                        .builder().dataSource(database.dataSource()).table("tb_mine").build()))
                .run(context -> assertThat(context.getBean(CompositeHealthContributor.class).stream())
                        .as("a bean named like an instance's child does not hide it").hasSize(2));
    }

    @Test
    void healthIndicatorBacksOffWhenDisabled(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("management.health.confiture.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ConfitureHealthIndicator.class));
    }

    @Test
    void healthIsDownWhenAnAppliedFileChanged(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database)).run(context -> {
            ConfitureAutoConfigurationTest.execute(database, "UPDATE tb_confiture SET checksum = repeat('0', 64) "
                    + "WHERE version = '002'");
            var health = context.getBean(ConfitureHealthIndicator.class).health(true);
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(health.getDetails().get("problems").toString()).contains("CHECKSUM_MISMATCH");
        });
    }

    @Test
    void healthIsDownWhileAMigrationFileIsInvalid(TestDatabase database, @TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("001_b.UP.sql"), "CREATE TABLE b (x int);");
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.locations=filesystem:" + directory, "confiture.startup-mode=none")
                .run(context -> {
                    assertThat(context.getBean(Confiture.class).status().summary().upToDate()).isFalse();
                    var health = context.getBean(ConfitureHealthIndicator.class).health(true);
                    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(health.getDetails().get("problems").toString()).contains("INVALID_MIGRATION_NAME");
                });
    }

    @Test
    void aDownThatFailsShowsRollbackPendingInTheHealthDetails(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.locations=classpath:db/failing-down").run(context -> {
                    Confiture confiture = context.getBean(Confiture.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> confiture.down(1))
                            .isInstanceOf(dev.confiture.execution.RevertFailedException.class);

                    var health = context.getBean(ConfitureHealthIndicator.class).health(true);
                    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(health.getDetails().get("problems").toString()).contains("ROLLBACK_PENDING", "001_kept");
                    assertThat(confiture.status().migration("001").orElseThrow().status().value())
                            .isEqualTo("rollback_pending");
                });
    }

    @Test
    void metricsNeedAMeterRegistry(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .run(context -> assertThat(context).doesNotHaveBean(ConfitureStatusMetrics.class)
                        .doesNotHaveBean(ConfitureMigrationMetrics.class));
    }

    @Test
    void metricsRecordEachMigrationAndGaugeTheStatus(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(ConfitureStatusMetrics.class).bindTo(registry);
                    // one series per instance and outcome, however many migrations ran: no version tag
                    assertThat(registry.get("confiture.migrations.duration").tag("instance", "confiture")
                            .tag("outcome", "success").timer().count()).isEqualTo(2);
                    assertThat(registry.find("confiture.migrations.duration").meters()).hasSize(1)
                            .allSatisfy(meter -> assertThat(meter.getId().getTags()).extracting(tag -> tag.getKey())
                                    .containsExactlyInAnyOrder("instance", "outcome"));
                    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                            .allMatch(name -> name.startsWith("confiture.migrations."));
                    assertThat(registry.get("confiture.migrations.applied").tag("instance", "confiture").gauge().value())
                            .isEqualTo(2.0);
                    assertThat(registry.get("confiture.migrations.pending").gauge().value()).isEqualTo(0.0);
                });
    }
}
