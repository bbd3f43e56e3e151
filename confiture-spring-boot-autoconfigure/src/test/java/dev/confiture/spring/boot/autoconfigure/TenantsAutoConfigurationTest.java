package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.spring.boot.actuate.health.ConfitureTenantsHealthIndicator;
import dev.confiture.tenant.TenantMigrations;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code confiture.tenants.*}: tenant schemas migrated at startup, a failing tenant shown in health.
 */
@ExtendWith(PostgresExtension.class)
class TenantsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class,
            ConfitureHealthContributorAutoConfiguration.class));

    @Test
    void noTenantsConfiguredNoTenantBeans(TestDatabase database) {
        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .run(context -> assertThat(context).doesNotHaveBean(TenantMigrations.class)
                        .doesNotHaveBean(ConfitureTenantsHealthIndicator.class));
    }

    @Test
    void tenantSchemasAreMigratedAtStartupAndAFailingOneIsNamedInHealth(TestDatabase database) throws Exception {
        ConfitureAutoConfigurationTest.execute(database, "CREATE SCHEMA acme_b; CREATE TABLE acme_b.tb_widget (legacy int)");

        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.tenants.schemas=acme_a,acme_b,acme_c", "confiture.tenants.parallelism=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(ConfitureAutoConfigurationTest.tableExists(database, "tb_greeting")).isTrue();
                    assertThat(ConfitureAutoConfigurationTest.scalar(database, "SELECT count(*) FROM acme_a.tb_confiture"))
                            .isEqualTo("2");
                    assertThat(ConfitureAutoConfigurationTest.scalar(database, "SELECT count(*) FROM acme_c.tb_confiture"))
                            .isEqualTo("2");
                    var health = context.getBean("confiture.tenantsHealthIndicator", ConfitureTenantsHealthIndicator.class)
                            .health(true);
                    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(health.getDetails().get("tenants").toString()).contains("acme_b", "already exists")
                            .doesNotContain("acme_a", "acme_c");
                });
    }

    @Test
    void everyTenantSharesOneMetricSeries(TestDatabase database) throws Exception {
        runner.withConfiguration(AutoConfigurations.of(ConfitureMetricsAutoConfiguration.class))
                .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.tenants.schemas=t_1,t_2,t_3").run(context -> {
                    assertThat(context).hasNotFailed();
                    var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    assertThat(registry.find("confiture.migrations.duration").tag("instance", "confiture.tenants").timers())
                            .singleElement().satisfies(timer -> assertThat(timer.count()).isEqualTo(6));
                    assertThat(registry.find("confiture.migrations.duration").timers()).extracting(
                            timer -> timer.getId().getTag("instance")).containsOnly("confiture", "confiture.tenants");
                });
    }

    @Test
    void tenantsCanComeFromAQuery(TestDatabase database) throws Exception {
        ConfitureAutoConfigurationTest.execute(database, "CREATE SCHEMA shop_1; CREATE SCHEMA shop_2");

        runner.withPropertyValues(ConfitureAutoConfigurationTest.datasource(database))
                .withPropertyValues("confiture.tenants.query=SELECT nspname FROM pg_namespace WHERE nspname LIKE 'shop_%'")
                .run(context -> {
                    assertThat(context.getBean(TenantMigrations.class).tenants()).containsExactlyInAnyOrder("shop_1", "shop_2");
                    assertThat(context.getBean("confiture.tenantsHealthIndicator", ConfitureTenantsHealthIndicator.class)
                            .health(true).getStatus().getCode()).isEqualTo("UP");
                });
    }
}
