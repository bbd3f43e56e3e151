package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test that names its own database keeps it, and the test support creates none beside it (it would be created only
 * when asked for, and another property source answers first).
 */
@SpringBootTest
class OwnDatabaseTest {

    private static final TestDatabase OWN = SharedPostgres.createDatabase("own_database");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", OWN::jdbcUrl);
        registry.add("spring.datasource.username", OWN::user);
        registry.add("spring.datasource.password", OWN::password);
    }

    @AfterAll
    static void drop() {
        OWN.close();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theTestsOwnDatabaseIsUsedAndNoOtherIsCreated() throws Exception {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(OWN.name());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(1);
        try (Connection connection = OWN.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'confiture_owndatabasetest%'")) {
            result.next();
            assertThat(result.getInt(1)).as("databases the test support created for this class").isZero();
        }
    }
}
