package dev.confiture.spring.boot.autoconfigure;

import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.datasource;
import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.tableExists;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * {@link ConfitureConnectionDetails}: what replaces {@code confiture.url}/{@code user}/{@code password} the way a
 * service connection replaces {@code spring.datasource.*}. The container factory itself runs against a real container
 * in {@code confiture-spring-boot-slice-tests} (ServiceConnectionTest) where a Docker engine answers.
 */
@ExtendWith(PostgresExtension.class)
class ConfitureConnectionDetailsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class));

    @Test
    void withoutAServiceConnectionThePropertiesAreTheConnectionDetails(TestDatabase database) {
        runner.withPropertyValues(datasource(database))
                .withPropertyValues("confiture.url=" + database.jdbcUrl(), "confiture.user=" + database.user(),
                        "confiture.password=secret")
                .run(context -> {
                    assertThat(context).hasSingleBean(PropertiesConfitureConnectionDetails.class);
                    ConfitureConnectionDetails details = context.getBean(ConfitureConnectionDetails.class);
                    assertThat(details.getJdbcUrl()).isEqualTo(database.jdbcUrl());
                    assertThat(details.getUsername()).isEqualTo(database.user());
                    assertThat(details.getPassword()).isEqualTo("secret");
                    assertThat(details.getDriverClassName()).isEqualTo("org.postgresql.Driver");
                });
    }

    @Test
    void aConnectionDetailsBeanWinsOverTheProperties(TestDatabase application) {
        try (TestDatabase migrated = SharedPostgres.createDatabase("details")) {
            runner.withPropertyValues(datasource(application))
                    .withPropertyValues("confiture.url=jdbc:postgresql://localhost:1/nowhere", "confiture.user=nobody")
                    .withBean(ConfitureConnectionDetails.class,
                            () -> details(migrated.jdbcUrl(), migrated.user(), migrated.password()))
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(PropertiesConfitureConnectionDetails.class);
                        SimpleDriverDataSource used = (SimpleDriverDataSource) context.getBean(Confiture.class)
                                .configuration().dataSource();
                        assertThat(used.getUrl()).isEqualTo(migrated.jdbcUrl());
                        assertThat(tableExists(migrated, "tb_greeting")).isTrue();
                        assertThat(tableExists(application, "tb_greeting")).isFalse();
                    });
        }
    }

    @Test
    void aConnectionDetailsBeanWithOnlyAUserMigratesTheApplicationsDatabaseAsThatUser(TestDatabase database)
            throws Exception {
        ConfitureAutoConfigurationTest.execute(database, "CREATE ROLE confiture_ddl LOGIN PASSWORD 'ddl' SUPERUSER");
        try {
            // the URL without ?user=..., which pgjdbc would prefer to any user given beside it
            runner.withPropertyValues("spring.datasource.url=" + database.jdbcUrl().replaceFirst("\\?.*", ""),
                    "spring.datasource.username=" + database.user())
                    .withBean(ConfitureConnectionDetails.class, () -> details(null, "confiture_ddl", "ddl"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(ConfitureAutoConfigurationTest.scalar(database,
                                "SELECT tableowner FROM pg_tables WHERE tablename = 'tb_greeting'")).isEqualTo("confiture_ddl");
                    });
        }
        finally {
            ConfitureAutoConfigurationTest.execute(database, "REASSIGN OWNED BY confiture_ddl TO CURRENT_USER; "
                    + "DROP OWNED BY confiture_ddl; DROP ROLE confiture_ddl");
        }
    }

    @Test
    void aServiceConnectionsJdbcDetailsAreAdaptedAsDockerComposeNeeds() {
        JdbcConnectionDetails jdbc = new JdbcConnectionDetails() {

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://compose-host:5433/app";
            }

            @Override
            public String getUsername() {
                return "app";
            }

            @Override
            public String getPassword() {
                return "pw";
            }
        };
        Map<Class<?>, ConnectionDetails> adapted = new ConnectionDetailsFactories(null).getConnectionDetails(jdbc, false);
        assertThat(adapted).containsKey(ConfitureConnectionDetails.class);
        ConfitureConnectionDetails details = (ConfitureConnectionDetails) adapted.get(ConfitureConnectionDetails.class);
        assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://compose-host:5433/app");
        assertThat(details.getUsername()).isEqualTo("app");
        assertThat(details.getPassword()).isEqualTo("pw");
        assertThat(details.getDriverClassName()).isEqualTo("org.postgresql.Driver");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aFactoryTurnsServiceConnectionDatabaseContainersIntoConfitureConnectionDetails() {
        List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(ConnectionDetailsFactory.class,
                // factories of other modules whose libraries are absent here are skipped, as Boot skips them
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
                }));
        assertThat(factories).anySatisfy(factory -> {
            ResolvableType[] generics = ResolvableType.forClass(factory.getClass()).as(ConnectionDetailsFactory.class)
                    .getGenerics();
            assertThat(generics[0].toClass()).isEqualTo(
                    org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource.class);
            assertThat(generics[0].getGeneric(0).toClass()).isEqualTo(JdbcDatabaseContainer.class);
            assertThat(generics[1].toClass()).isEqualTo(ConfitureConnectionDetails.class);
        });
    }

    private static ConfitureConnectionDetails details(@Nullable String url, String user, String password) {
        return new ConfitureConnectionDetails() {

            @Override
            public @Nullable String getJdbcUrl() {
                return url;
            }

            @Override
            public String getUsername() {
                return user;
            }

            @Override
            public String getPassword() {
                return password;
            }
        };
    }
}
