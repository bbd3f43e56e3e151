package dev.confiture.testing.postgres.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The test database exists only when asked for while no other property source names a database, whichever was added
 * first, and is dropped on close.
 */
class TestDatabasePropertySourceTest {

    @Test
    void aDatabaseNamedElsewhereIsNeverShadowedNorIsOneCreatedBesideIt() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        TestDatabasePropertySource source = new TestDatabasePropertySource("ShadowedTest", environment);
        environment.getPropertySources().addLast(source);
        // added after the test database's source, as a customizer that runs later does
        environment.getPropertySources().addFirst(new MapPropertySource("dynamic",
                Map.of("spring.datasource.url", "jdbc:postgresql://elsewhere/app")));

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://elsewhere/app");
        assertThat(environment.getProperty("spring.datasource.username")).as("not ours beside their URL").isNull();
        assertThat(environment.getProperty("spring.test.database.replace")).isNull();
        assertThat(databases("confiture_shadowedtest%")).isZero();
    }

    @Test
    void aTestThatAsksForTheDatabaseToBeReplacedGetsNone() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new TestDatabasePropertySource("ReplacedTest", environment));
        environment.getPropertySources().addFirst(new MapPropertySource("@AutoConfigureTestDatabase",
                Map.of("spring.test.database.replace", "ANY")));

        assertThat(environment.getProperty("spring.datasource.url")).isNull();
        assertThat(environment.getProperty("spring.test.database.replace")).isEqualTo("ANY");
        assertThat(databases("confiture_replacedtest%")).isZero();
    }

    @Test
    void withoutOneTheDatabaseIsCreatedOnFirstUseAndDroppedOnClose() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        TestDatabasePropertySource source = new TestDatabasePropertySource("HandedOverTest", environment);
        environment.getPropertySources().addLast(source);
        assertThat(databases("confiture_handedovertest%")).as("nothing asked yet").isZero();

        assertThat(environment.getProperty("spring.datasource.url")).contains("confiture_handedovertest");
        assertThat(environment.getProperty("spring.test.database.replace")).isEqualTo("none");
        assertThat(databases("confiture_handedovertest%")).isOne();
        source.close();
        assertThat(databases("confiture_handedovertest%")).isZero();
    }

    private static int databases(String pattern) throws Exception {
        try (TestDatabase any = SharedPostgres.createDatabase("probe"); Connection connection = any.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE '"
                        + pattern + "'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
