package dev.confiture.slices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.spring.boot.autoconfigure.ConfitureConnectionDetails;
import dev.confiture.testing.postgres.PostgresContainerImage;
import dev.confiture.testing.postgres.RequiresPostgresContainer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.core.env.Environment;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A {@code @ServiceConnection} PostgreSQL container is the database the application uses and Confiture migrates, as
 * Boot makes it the DataSource's; the test support leaves such a test alone. Skipped, saying so, without a Docker
 * engine or image. (A user writes {@code new PostgreSQLContainer("postgres:17")}; the image here can be substituted with
 * {@code CONFITURE_TEST_IMAGE} on machines without a registry.)
 */
@RequiresPostgresContainer
@Testcontainers
@SpringBootTest
class ServiceConnectionTest {

    @Container
    @ServiceConnection
    static PostgreSQLContainer postgres = new PostgreSQLContainer(PostgresContainerImage.fromEnvironment());

    @Autowired
    ConfitureConnectionDetails connectionDetails;

    @Autowired
    BookRepository books;

    @Autowired
    Environment environment;

    @Test
    void theContainerIsTheDatabaseTheApplicationUsesAndConfitureMigrates() throws SQLException {
        assertThat(connectionDetails.getJdbcUrl()).isEqualTo(postgres.getJdbcUrl());
        assertThat(books.count()).isEqualTo(1);
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement statement = connection.createStatement();
                ResultSet applied = statement.executeQuery("SELECT string_agg(version, ',') FROM tb_confiture")) {
            applied.next();
            assertThat(applied.getString(1)).isEqualTo("001");
        }
        assertThat(environment.getProperty("spring.datasource.url")).as("no test database was handed over").isNull();
    }
}
