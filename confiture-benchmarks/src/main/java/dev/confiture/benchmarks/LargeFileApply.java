package dev.confiture.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Case P12's child JVM: Confiture's {@code migrate()} of one large migration file, started with a small heap
 * ({@link LargeFileBenchmark#HEAP}). Prints {@code migrate_ms=<milliseconds>} and {@code peak_rss_kib=<VmHWM>}, the
 * process's peak resident memory as Linux counts it; exits non-zero when the migration did not apply (an
 * {@link OutOfMemoryError} included).
 */
public final class LargeFileApply {

    private LargeFileApply() {
    }

    /**
     * @param args {@code JDBC_URL USER PASSWORD MIGRATIONS_DIR}
     * @throws IOException if {@code /proc/self/status} cannot be read
     */
    public static void main(String[] args) throws IOException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args[2]);
        long start = System.nanoTime();
        int applied = Contenders.confitureMigrate(dataSource, Path.of(args[3]));
        long elapsed = System.nanoTime() - start;
        if (applied != 1) {
            System.err.println("Confiture applied " + applied + " migrations, expected 1");
            System.exit(1);
        }
        System.out.println("migrate_ms=" + elapsed / 1_000_000.0);
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            Files.readAllLines(status, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("VmHWM:"))
                    .findFirst().ifPresent(line -> System.out.println("peak_rss_kib="
                            + line.substring("VmHWM:".length()).replace("kB", "").strip()));
        }
    }
}
