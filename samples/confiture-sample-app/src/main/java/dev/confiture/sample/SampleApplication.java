package dev.confiture.sample;

import dev.confiture.Confiture;
import dev.confiture.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import dev.confiture.status.StatusJson;
import dev.confiture.testing.postgres.EmbeddedPostgresServer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migrates a database with the sample migrations in {@code db/migration} and prints the status
 * JSON. Uses the database in {@code JDBC_URL} (with {@code JDBC_USER}, {@code JDBC_PASSWORD}) when
 * set, else starts an embedded PostgreSQL.
 */
public final class SampleApplication {

    private SampleApplication() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        Confiture confiture = new Confiture(ConfitureConfiguration.builder()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .environment("sample")
                .applicationName("confiture-sample-app")
                .build());
        MigrateResult result = confiture.migrate();
        System.out.println("Applied " + result.appliedCount() + " migration(s); schema is at version "
                + result.currentVersion());
        System.out.println(StatusJson.writePretty(confiture.status()));
    }

    private static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        String url = System.getenv("JDBC_URL");
        if (url == null || url.isBlank()) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
            System.out.println("No JDBC_URL set: using " + server.description());
            dataSource.setURL(server.jdbcUrl("postgres"));
            return dataSource;
        }
        dataSource.setURL(url);
        if (System.getenv("JDBC_USER") != null) {
            dataSource.setUser(System.getenv("JDBC_USER"));
        }
        if (System.getenv("JDBC_PASSWORD") != null) {
            dataSource.setPassword(System.getenv("JDBC_PASSWORD"));
        }
        return dataSource;
    }
}
