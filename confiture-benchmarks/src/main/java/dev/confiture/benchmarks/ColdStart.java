package dev.confiture.benchmarks;

import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * One contender's startup check in a fresh JVM (case P8): what a service start pays, the JVM and the class loading
 * included. Runs {@code migrate()} once on a database where everything is applied and prints
 * {@code migrate_ms=<milliseconds>}: the benchmark times the whole process around it.
 */
public final class ColdStart {

    private ColdStart() {
    }

    /**
     * @param args {@code confiture|flyway|flyway-info|jdbc-floor JDBC_URL USER PASSWORD MIGRATIONS_DIR EXPECTED_APPLIED}
     */
    public static void main(String[] args) {
        String tool = args[0];
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[1]);
        dataSource.setUser(args[2]);
        dataSource.setPassword(args[3]);
        Path migrations = Path.of(args[4]);
        // A service has started its logging before its migrations run (Spring Boot does so first thing): so does
        // this process, for both contenders, before migrate() is timed. The whole process still includes it.
        LoggerFactory.getLogger(ColdStart.class).debug("logging started");
        long start = System.nanoTime();
        // the same calls as the in-JVM cases make
        if (tool.equals("flyway-info")) {
            // what `flyway info -outputType=json` does: every migration's state, written as JSON
            int rows = Contenders.flywayInfoJson(dataSource, migrations, System.out);
            System.out.println();
            System.out.println("migrate_ms=" + (System.nanoTime() - start) / 1_000_000.0);
            System.out.println("rows=" + rows);
            return;
        }
        int applied = switch (tool) {
            case "confiture" -> Contenders.confitureMigrate(dataSource, migrations);
            case "flyway" -> Contenders.flywayMigrate(dataSource, migrations);
            case "jdbc-floor" -> JdbcFloor.migrate(dataSource, migrations);
            default -> throw new IllegalArgumentException("unknown contender " + tool);
        };
        long elapsed = System.nanoTime() - start;
        if (applied != Integer.parseInt(args[5])) {
            System.err.println(tool + " applied " + applied + ", expected " + args[5]);
            System.exit(1);
        }
        System.out.println("migrate_ms=" + elapsed / 1_000_000.0);
    }
}
