package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.Migration;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@link ConfitureAutoConfiguration}: one test per condition, on the embedded PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class ConfitureAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class));

    @Test
    void backsOffWithoutADataSource() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConfitureAutoConfiguration.class)).run(context -> assertThat(context).doesNotHaveBean(Confiture.class)
                .doesNotHaveBean(ConfitureMigrationInitializer.class));
    }

    @Test
    void backsOffWhenDisabled(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Confiture.class));
    }

    @Test
    void migratesTheApplicationDataSourceOnStartup(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).run(context -> {
            assertThat(context).hasSingleBean(Confiture.class).hasSingleBean(ConfitureMigrationInitializer.class);
            assertThat(scalar(database, "SELECT string_agg(version, ',' ORDER BY version) FROM tb_confiture"))
                    .isEqualTo("001,002");
            assertThat(scalar(database, "SELECT language FROM tb_greeting")).isEqualTo("en");
        });
    }

    @Test
    void placeholdersComeFromPropertiesAndAnUndefinedOneStopsStartupNamingTheProperty(TestDatabase database,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path migrations) throws java.io.IOException {
        java.nio.file.Files.writeString(migrations.resolve("001_owned.up.sql"), "CREATE TABLE tb_owned (id int);\n"
                + "COMMENT ON TABLE tb_owned IS 'owned by ${owner_team} in ${confiture:environment}';\n");
        ApplicationContextRunner withFiles = runner.withPropertyValues(datasource(database))
                .withPropertyValues("confiture.locations=filesystem:" + migrations, "confiture.environment=staging");

        withFiles.run(context -> assertThat(context).getFailure().rootCause()
                .isInstanceOfSatisfying(ConfitureException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.UNDEFINED_PLACEHOLDER);
                    assertThat(ex.hint()).startsWith("Define it (confiture.placeholders.<name>)");
                }));
        withFiles.withPropertyValues("confiture.placeholders.owner_team=payments").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(scalar(database, "SELECT obj_description('tb_owned'::regclass)")).isEqualTo("owned by payments in staging");
        });
    }

    @Test
    void callbackBeansRunAfterTheSqlCallbackFilesAndAFailingOneStopsStartup(TestDatabase database,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path migrations) throws java.io.IOException {
        java.nio.file.Files.writeString(migrations.resolve("001_log.up.sql"), "CREATE TABLE tb_log (what text);\n");
        java.nio.file.Files.writeString(migrations.resolve("afterMigrate.sql"), "INSERT INTO tb_log VALUES ('file');\n");
        ApplicationContextRunner withFiles = runner.withPropertyValues(datasource(database))
                .withPropertyValues("confiture.locations=filesystem:" + migrations);

        withFiles.withBean("auditCallback", dev.confiture.api.Callback.class, () -> new dev.confiture.api.Callback() {
            @Override
            public boolean supports(dev.confiture.api.CallbackEvent event) {
                return event == dev.confiture.api.CallbackEvent.AFTER_MIGRATE;
            }

            @Override
            public void handle(dev.confiture.api.CallbackEvent event, Connection connection,
                    @org.jspecify.annotations.Nullable String migration) throws SQLException {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO tb_log VALUES ('bean')");
                }
            }
        }).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(scalar(database, "SELECT string_agg(what, ',') FROM tb_log")).isEqualTo("file,bean");
        });
        java.nio.file.Files.writeString(migrations.resolve("beforeMigrate.sql"), "SELECT 1 / 0;\n");
        withFiles.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("division by zero"));
        withFiles.run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("[CALLBACK_FAILED] Callback beforeMigrate (beforeMigrate) failed"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnConfitureBean(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(OwnConfitureConfiguration.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(Confiture.class).doesNotHaveBean(ConfitureMigrationInitializer.class);
                    assertThat(context.getBean(Confiture.class).configuration().trackingTable().table()).isEqualTo("tb_own");
                    assertThat(tableExists(database, "tb_confiture")).isFalse();
                });
    }

    @Test
    void aConfitureDataSourceWinsOverThePrimaryDataSource(TestDatabase primary) {
        try (TestDatabase migrated = dev.confiture.testing.postgres.SharedPostgres.createDatabase("qualified")) {
            runner.withBean("primaryDataSource", DataSource.class, primary::dataSource, definition -> definition.setPrimary(true))
                    .withBean("migrationDataSource", DataSource.class, migrated::dataSource,
                            definition -> ((AbstractBeanDefinition) definition)
                                    .addQualifier(new AutowireCandidateQualifier(ConfitureDataSource.class)))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(Confiture.class).configuration().dataSource())
                                .isSameAs(context.getBean("migrationDataSource"));
                        assertThat(tableExists(migrated, "tb_confiture")).isTrue();
                        assertThat(tableExists(primary, "tb_confiture")).isFalse();
                    });
        }
    }

    @Test
    void confitureUrlBuildsItsOwnDataSourceWithoutAnApplicationDataSource(TestDatabase database) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConfitureAutoConfiguration.class))
                .withPropertyValues("confiture.url=" + database.jdbcUrl(), "confiture.user=" + database.user())
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class);
                    DataSource used = context.getBean(Confiture.class).configuration().dataSource();
                    assertThat(used).isInstanceOf(SimpleDriverDataSource.class);
                    assertThat(((SimpleDriverDataSource) used).getUrl()).isEqualTo(database.jdbcUrl());
                    assertThat(tableExists(database, "tb_greeting")).isTrue();
                });
    }

    @Test
    void confitureUrlWinsOverTheApplicationDataSource(TestDatabase application) {
        try (TestDatabase migrated = dev.confiture.testing.postgres.SharedPostgres.createDatabase("url")) {
            runner.withPropertyValues(datasource(application))
                    .withPropertyValues("confiture.url=" + migrated.jdbcUrl(), "confiture.user=" + migrated.user())
                    .run(context -> {
                        assertThat(tableExists(migrated, "tb_greeting")).isTrue();
                        assertThat(tableExists(application, "tb_greeting")).isFalse();
                    });
        }
    }

    @Test
    void messagesNameTheStartersProperties(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.startup-mode=none",
                "confiture.target=999").run(context -> org.assertj.core.api.Assertions
                        .assertThatThrownBy(() -> context.getBean(Confiture.class).migrate())
                        .hasMessageContaining("Set confiture.target to one of"));
    }

    @Test
    void aNamedInstanceSharingTheDefaultsTrackingTableIsRefusedBeforeAnythingMigrates(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.instances.billing.locations=classpath:db/other")
                .run(context -> {
                    assertThat(context).getFailure().hasStackTraceContaining(
                            "confiture.instances.billing would track its migrations in public.tb_confiture of the same database")
                            .hasStackTraceContaining("Set confiture.instances.billing.table");
                    assertThat(tableExists(database, "tb_other")).isFalse();
                });
    }

    @Test
    void aRefusedSettingIsNamedAsThePropertyTheUserSet(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.lock-wait=-1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("lock-wait is negative")
                        .hasMessageContaining("Set confiture.lock-wait to zero or a positive duration"));
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.target=v2")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("Set confiture.target to digits only"));
    }

    @Test
    void propertiesReachTheConfiguration(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.locations=classpath:db/other",
                "confiture.schema=migrations", "confiture.table=tb_history", "confiture.environment=staging",
                "confiture.lock-timeout=3s", "confiture.target=1", "spring.application.name=greeter")
                .run(context -> {
                    ConfitureConfiguration configuration = context.getBean(Confiture.class).configuration();
                    assertThat(configuration.trackingTable().display()).isEqualTo("migrations.tb_history");
                    assertThat(configuration.environment()).isEqualTo("staging");
                    assertThat(configuration.events().applicationName()).isEqualTo("greeter");
                    assertThat(configuration.timeouts().lockTimeout()).hasSeconds(3);
                    assertThat(configuration.target().text()).isEqualTo("1");
                    assertThat(tableExists(database, "tb_other")).isTrue();
                    assertThat(scalar(database, "SELECT DISTINCT environment || ' ' || application "
                            + "FROM migrations.tb_history_event")).isEqualTo("staging greeter");
                });
    }

    @Test
    void safeDeployPropertiesReachTheConfiguration(TestDatabase database) {
        try (TestDatabase central = dev.confiture.testing.postgres.SharedPostgres.createDatabase("central")) {
            runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.on-failure=rollback-run",
                    "confiture.approval-environments=prod,preprod", "confiture.central-log.url=" + central.jdbcUrl(),
                    "confiture.central-log.user=" + central.user(), "confiture.environment=preprod",
                    "confiture.locations=classpath:db/failing-down")
                    .run(context -> {
                        ConfitureConfiguration configuration = context.getBean(Confiture.class).configuration();
                        assertThat(configuration.onFailure()).isEqualTo(dev.confiture.config.OnFailure.ROLLBACK_RUN);
                        assertThat(configuration.approvalGate().environments()).containsExactly("prod", "preprod");
                        assertThat(scalar(central, "SELECT count(*) FROM tb_confiture_event "
                                + "WHERE environment = 'preprod' AND kind = 'migrate'")).isEqualTo("1");
                    });
        }
    }

    @Test
    void customizersAdjustTheConfigurationInOrder(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(CustomizerConfiguration.class)
                .run(context -> assertThat(context.getBean(Confiture.class).configuration().environment())
                        .isEqualTo("second"));
    }

    @Test
    void aMigrationStrategyReplacesWhatStartupDoes(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(StrategyConfiguration.class)
                .run(context -> {
                    assertThat(context.getBean(StrategyConfiguration.class).called).containsExactly("strategy");
                    assertThat(tableExists(database, "tb_confiture")).isFalse();
                });
    }

    @Test
    void javaMigrationBeansAreApplied(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(JavaMigrationConfiguration.class)
                .run(context -> assertThat(scalar(database, "SELECT string_agg(version, ',' ORDER BY pk_confiture) "
                        + "FROM tb_confiture")).isEqualTo("001,002,3"));
    }

    @Test
    void startupModeValidateAppliesNothingAndStartsWithPendingMigrations(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.startup-mode=validate")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(tableExists(database, "tb_greeting")).isFalse();
                    assertThat(context.getBean(Confiture.class).status().pending()).containsExactly("001", "002");
                });
    }

    @Test
    void startupModeValidateStopsTheStartOnAChangedAppliedFile(TestDatabase database) throws SQLException {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.locations=classpath:db/other")
                .run(context -> assertThat(context).hasNotFailed());
        execute(database, "UPDATE tb_confiture SET checksum = repeat('0', 64)");

        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.locations=classpath:db/other",
                "confiture.startup-mode=validate").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(ConfitureException.class,
                            ex -> assertThat(ex.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
                            .hasMessageContaining("confiture.startup-mode=validate");
                });
    }

    @Test
    void startupModeNoneLeavesTheDatabaseAlone(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withPropertyValues("confiture.startup-mode=none")
                .run(context -> {
                    assertThat(context).hasSingleBean(ConfitureMigrationInitializer.class);
                    assertThat(tableExists(database, "tb_confiture")).isFalse();
                });
    }

    @Test
    void aFailingMigrationStopsTheStartWithFileAndLine(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(FailingMigrationConfiguration.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(confitureCause(context.getStartupFailure())).isInstanceOfSatisfying(
                            dev.confiture.api.MigrationFailedException.class, failure -> {
                                assertThat(failure.failure().slug()).isEqualTo("3_broken");
                                assertThat(failure.getMessage()).contains("division by zero");
                            });
                });
    }

    @Test
    void hibernateIsToldTheMigratedDataSourceIsManaged(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).run(context -> {
            SchemaManagementProvider provider = context.getBean(SchemaManagementProvider.class);
            assertThat(provider.getSchemaManagement(context.getBean(DataSource.class))).isEqualTo(SchemaManagement.MANAGED);
            assertThat(provider.getSchemaManagement(new SimpleDriverDataSource())).isEqualTo(SchemaManagement.UNMANAGED);
        });
    }

    @Test
    void beansThatDependOnDatabaseInitializationWaitForTheMigrations(TestDatabase database) {
        runner.withPropertyValues(datasource(database)).withUserConfiguration(ReaderConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(GreetingReader.class).greeting).isEqualTo("hello");
                });
    }

    static Throwable confitureCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfitureException) {
                return cause;
            }
        }
        throw new AssertionError("no ConfitureException in " + failure, failure);
    }

    static String[] datasource(TestDatabase database) {
        return new String[] { "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.user() };
    }

    static String scalar(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static boolean tableExists(TestDatabase database, String table) throws SQLException {
        return "t".equals(scalar(database, "SELECT to_regclass('" + table + "') IS NOT NULL"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfitureConfiguration {

        @Bean
        Confiture ownConfiture(DataSource dataSource) {
            return new Confiture(ConfitureConfiguration.builder().dataSource(dataSource).table("tb_own").build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        @Order(2)
        ConfitureConfigurationCustomizer second() {
            return builder -> builder.environment("second");
        }

        @Bean
        @Order(1)
        ConfitureConfigurationCustomizer first() {
            return builder -> builder.environment("first");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StrategyConfiguration {

        final List<String> called = new ArrayList<>();

        @Bean
        ConfitureMigrationStrategy strategy() {
            return confiture -> called.add("strategy");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JavaMigrationConfiguration {

        @Bean
        Migration thirdMigration() {
            return new Migration() {
                @Override
                public String version() {
                    return "3";
                }

                @Override
                public String name() {
                    return "greet_in_french";
                }

                @Override
                public void up(Connection connection) throws Exception {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("INSERT INTO tb_greeting (text, language) VALUES ('bonjour', 'fr')");
                    }
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingMigrationConfiguration {

        @Bean
        Migration brokenMigration() {
            return new Migration() {
                @Override
                public String version() {
                    return "3";
                }

                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public void up(Connection connection) throws Exception {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1 / 0");
                    }
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReaderConfiguration {

        @Bean
        @org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization
        GreetingReader greetingReader(DataSource dataSource) throws SQLException {
            return new GreetingReader(dataSource);
        }
    }

    static class GreetingReader {

        final String greeting;

        GreetingReader(DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT text FROM tb_greeting")) {
                result.next();
                this.greeting = result.getString(1);
            }
        }
    }
}
