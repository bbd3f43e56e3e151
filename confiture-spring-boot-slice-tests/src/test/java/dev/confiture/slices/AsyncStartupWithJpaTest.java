package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code confiture.startup-mode=async} beside Hibernate schema validation would start Hibernate on the old schema
 * ("missing table"): the start fails first, having migrated nothing, saying what to do; with {@code ddl-auto=none} the
 * async start works.
 */
class AsyncStartupWithJpaTest {

    @Test
    void asyncWithHibernateValidationFailsFastSayingWhatToDo() throws Exception {
        try (TestDatabase database = SharedPostgres.createDatabase("async_jpa")) {
            assertThatThrownBy(() -> start(database, "spring.jpa.hibernate.ddl-auto=validate").close())
                    .rootCause().isInstanceOfSatisfying(ConfitureException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                        assertThat(error.getMessage()).contains(
                                "confiture.startup-mode=async cannot be combined with spring.jpa.hibernate.ddl-auto=validate",
                                "Set confiture.startup-mode=migrate");
                    });
            assertThat(tableExists(database, "tb_confiture")).as("nothing was migrated").isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spring.jpa.hibernate.ddl-auto=VALIDATE | spring.jpa.hibernate.ddl-auto=VALIDATE",
            "spring.jpa.generate-ddl=true | spring.jpa.generate-ddl=true",
            "spring.jpa.properties[hibernate.hbm2ddl.auto]=update | spring.jpa.properties[hibernate.hbm2ddl.auto]=update",
            "spring.jpa.properties.jakarta.persistence.schema-generation.database.action=create"
                    + " | spring.jpa.properties[jakarta.persistence.schema-generation.database.action]=create" })
    void everyWayOfTurningOnHibernateSchemaManagementIsRefused(String setting, String named) throws Exception {
        try (TestDatabase database = SharedPostgres.createDatabase("async_jpa_forms")) {
            // the test application.properties says ddl-auto=validate: switched off unless it is the setting tried
            String[] settings = setting.startsWith("spring.jpa.hibernate.ddl-auto") ? new String[] { setting }
                    : new String[] { setting, "spring.jpa.hibernate.ddl-auto=none" };
            assertThatThrownBy(() -> start(database, settings).close()).rootCause()
                    .isInstanceOfSatisfying(ConfitureException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                        assertThat(error.getMessage()).contains("cannot be combined with " + named);
                    });
            assertThat(tableExists(database, "tb_confiture")).as("nothing was migrated").isFalse();
        }
    }

    @Test
    void asyncWithoutHibernateSchemaManagementStarts() throws Exception {
        try (TestDatabase database = SharedPostgres.createDatabase("async_jpa_none");
                ConfigurableApplicationContext context = start(database, "spring.jpa.hibernate.ddl-auto=none")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database, String... settings) {
        // arguments, which win over the test application.properties (ddl-auto=validate)
        List<String> arguments = new ArrayList<>(List.of("--confiture.startup-mode=async",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(), "--spring.main.banner-mode=off"));
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        return new SpringApplicationBuilder(SliceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static boolean tableExists(TestDatabase database, String table) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            result.next();
            return result.getBoolean(1);
        }
    }
}
