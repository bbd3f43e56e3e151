package dev.confiture;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.execution.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migrates from a separate JVM, for tests that need other processes (concurrency, kill -9).
 * Arguments: JDBC URL, user, migration location. Prints {@code APPLIED <n>} and exits 0, or prints the
 * error and exits 1.
 */
public final class MigrateMain {

    private MigrateMain() {
    }

    public static void main(String[] args) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        try {
            MigrateResult result = new Confiture(ConfitureConfiguration.builder().dataSource(dataSource)
                    .locations(args[2]).build()).migrate();
            System.out.println("APPLIED " + result.appliedCount());
            System.exit(0);
        }
        catch (RuntimeException ex) {
            ex.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
