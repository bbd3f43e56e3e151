package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ColdStart} in a new JVM and times it: from this jar when the benchmarks run as
 * {@code java -jar confiture-benchmarks.jar} (through Spring Boot's launcher, as a service's executable jar starts),
 * from the class path otherwise (the smoke test).
 */
final class ColdStartProcess {

    private ColdStartProcess() {
    }

    /**
     * @return the whole process and {@code migrate()} inside it, in milliseconds
     */
    static double[] run(String contender, TestDatabase database, Path migrations) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (classPath.endsWith("confiture-benchmarks.jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.add("-Dloader.main=" + ColdStart.class.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        else {
            command.add(ColdStart.class.getName());
        }
        command.addAll(List.of(contender, database.jdbcUrl(), database.user(), database.password(),
                migrations.toAbsolutePath().toString(), "0"));
        try {
            Path output = Files.createTempFile("confiture-cold-start", ".log");
            try {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(contender + "'s cold start did not end within 5 minutes");
                }
                double whole = (System.nanoTime() - start) / 1_000_000.0;
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(contender + "'s cold start exited with " + process.exitValue() + ":\n"
                            + printed);
                }
                String migrate = printed.lines().filter(line -> line.startsWith("migrate_ms=")).reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalStateException(contender + " printed no migrate_ms:\n" + printed));
                return new double[] { whole, Double.parseDouble(migrate.substring("migrate_ms=".length())) };
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
