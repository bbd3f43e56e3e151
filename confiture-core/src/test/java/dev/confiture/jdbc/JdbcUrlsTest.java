package dev.confiture.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Replacing the database of a PostgreSQL JDBC URL for a scratch database.
 */
class JdbcUrlsTest {

    @Test
    void theDatabaseIsReplacedAndParametersKept() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db.example:5433/app?ssl=true&user=u", "scratch"))
                .isEqualTo("jdbc:postgresql://db.example:5433/scratch?ssl=true&user=u");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://h1:5432,h2:5432/app", "scratch"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/scratch");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost", "scratch")).isEqualTo("jdbc:postgresql://localhost/scratch");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost/", "scratch")).isEqualTo("jdbc:postgresql://localhost/scratch");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql:app?user=u", "scratch")).isEqualTo("jdbc:postgresql:scratch?user=u");
    }

    @Test
    void otherUrlsAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://h/app?password=secret", "scratch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }
}
