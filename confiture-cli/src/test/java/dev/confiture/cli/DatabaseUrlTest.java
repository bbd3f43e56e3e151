package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Database URLs as users write them, turned into JDBC URL, user and password.
 */
class DatabaseUrlTest {

    @Test
    void aLibpqUrlBecomesAJdbcUrlWithUserAndPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:secret@db.internal:5433/shop?sslmode=require", "--url");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/shop?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void userAndPasswordArePercentDecodedAndAPlusStaysAPlus() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://j%C3%BCrgen:p%40ss%3Aw%2Frd+1@localhost/shop", "--url");

        assertThat(url.user()).isEqualTo("jürgen");
        assertThat(url.password()).isEqualTo("p@ss:w/rd+1");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/shop");
    }

    @Test
    void libpqsVariablesFillWhatALibpqUrlLeavesOutAsForUpstream() {
        Map<String, String> environment = Map.of("PGHOST", "db.internal", "PGPORT", "6432", "PGDATABASE", "shop",
                "PGUSER", "app", "PGPASSWORD", "secret", "PGOPTIONS", "-c search_path=app,public", "PGSSLMODE", "require");

        DatabaseUrl filled = DatabaseUrl.parse("postgresql://", "-d", environment);
        assertThat(filled.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/shop?"
                + "options=-c%20search_path%3Dapp%2Cpublic&sslmode=require");
        assertThat(filled.user()).isEqualTo("app");
        assertThat(filled.password()).isEqualTo("secret");

        DatabaseUrl explicit = DatabaseUrl.parse("postgresql://ops:pw@h:5433/other?sslmode=disable", "-d", environment);
        assertThat(explicit.jdbcUrl()).as("what the URL says wins").isEqualTo("jdbc:postgresql://h:5433/other?"
                + "sslmode=disable&options=-c%20search_path%3Dapp%2Cpublic");
        assertThat(explicit.user()).isEqualTo("ops");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db", "--url", environment).jdbcUrl())
                .as("a JDBC URL is the driver's, whole").isEqualTo("jdbc:postgresql://h/db");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///shop", "-d", Map.of("PGHOST", "/var/run/postgresql")))
                .isInstanceOf(UsageException.class).hasMessageContaining("PGHOST=/var/run/postgresql is a Unix-domain");
    }

    @Test
    void partsThatAreLeftOutStayLeftOut() {
        assertThat(DatabaseUrl.parse("postgresql://localhost/shop", "x"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost/shop", null, null));
        assertThat(DatabaseUrl.parse("postgresql://app@localhost:5432/shop", "x"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost:5432/shop", "app", null));
        assertThat(DatabaseUrl.parse("postgresql://app:@localhost/shop", "x").password()).isEmpty();
        assertThat(DatabaseUrl.parse("postgresql:///shop", "x").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/shop");
        assertThat(DatabaseUrl.parse("POSTGRESQL://h/db", "x").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void severalHostsAndIpv6AddressesPassThrough() {
        assertThat(DatabaseUrl.parse("postgresql://u@a:5432,b:5433/shop?target_session_attrs=any", "x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://a:5432,b:5433/shop?target_session_attrs=any");
        assertThat(DatabaseUrl.parse("postgresql://[::1]:5432/shop", "x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/shop");
    }

    @Test
    void libpqParameterNamesTheDriverSpellsDifferentlyAreRenamed() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://h/db?application_name=deploy&connect_timeout=5&user=bob&password=p%26w&sslmode=verify-full", "x");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?ApplicationName=deploy&connectTimeout=5&sslmode=verify-full");
        assertThat(url.user()).isEqualTo("bob");
        assertThat(url.password()).isEqualTo("p&w");
    }

    @Test
    void aJdbcUrlKeepsItsParametersButGivesUpItsCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=app&ssl=true&password=s3cret", "CONFITURE_URL");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.toString()).doesNotContain("s3cret");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db", "x")).isEqualTo(new DatabaseUrl("jdbc:postgresql://h/db", null, null));
    }

    @Test
    void otherUrlsAreRefusedNamingTheSourceWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://app:hunter2@h/db", "CONFITURE_URL"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("CONFITURE_URL: 'mysql://app:***@h/db' is not a PostgreSQL URL")
                .hasMessageContaining("postgresql://user:password@host:5432/database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("localhost:5432/db", "--url")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--url: ");
    }

    @Test
    void brokenPercentEncodingAndSocketDirectoriesAreRefused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:100%@h/db", "--url")).isInstanceOf(UsageException.class)
                .hasMessageContaining("password").hasMessageContaining("%25");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/db", "--url"))
                .isInstanceOf(UsageException.class).hasMessageContaining("Unix-domain socket");
        for (String url : List.of("postgresql:///db?host=/var/run/postgresql", "postgres:///db?host=%2Ftmp",
                "jdbc:postgresql://localhost/db?host=/tmp")) {
            assertThatThrownBy(() -> DatabaseUrl.parse(url, "--url")).as(url).isInstanceOf(UsageException.class)
                    .hasMessageContaining("Unix-domain socket").hasMessageContaining("localhost:5432");
        }
    }

    @org.junit.jupiter.api.Test
    void aMaskedUrlShowsNoPasswordEvenOneWithSlashesOrQuestionMarks() {
        org.assertj.core.api.Assertions.assertThat(DatabaseUrl.mask("jdbc:postgresql://app:Ab3/xYz9+Q==@db:5432/app"))
                .isEqualTo("jdbc:postgresql://app:***@db:5432/app");
        org.assertj.core.api.Assertions.assertThat(DatabaseUrl.mask("postgresql://ops:a?b/c@db/x?password=s3cret&ssl=true"))
                .isEqualTo("postgresql://ops:***@db/x?password=***&ssl=true");
    }
}
