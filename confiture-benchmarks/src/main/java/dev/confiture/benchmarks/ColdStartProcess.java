package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a main class of this module ({@link ColdStart}, {@link StarterStartApplication}) in a new JVM and times it:
 * from this jar when the benchmarks run as {@code java -jar confiture-benchmarks.jar} (through Spring Boot's launcher,
 * as a service's executable jar starts), from the class path otherwise (the smoke test).
 */
final class ColdStartProcess {

    private ColdStartProcess() {
    }

    /**
     * A process that ended with exit code 0.
     *
     * @param wholeMs from starting the process to its end, in milliseconds
     * @param printed what it printed, standard output and error together
     */
    record Finished(double wholeMs, String printed) {

        /**
         * @param what names the run in the error when the line is missing
         * @param name the value's name
         * @return the value of the last {@code name=value} line it printed
         */
        double number(String what, String name) {
            String prefix = name + "=";
            String line = printed.lines().filter(candidate -> candidate.startsWith(prefix)).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException(what + " printed no " + name + ":\n" + printed));
            return Double.parseDouble(line.substring(prefix.length()));
        }
    }

    /**
     * @return the whole process and {@code migrate()} inside it, in milliseconds
     */
    static double[] run(String contender, TestDatabase database, Path migrations) {
        Finished finished = run(contender + "'s cold start", ColdStart.class, List.of(contender, database.jdbcUrl(),
                database.user(), database.password(), migrations.toAbsolutePath().toString(), "0"));
        return new double[] { finished.wholeMs(), finished.number(contender, "migrate_ms") };
    }

    /**
     * Extra options for every new JVM, separated by spaces, to profile what a cold start does, e.g.
     * {@code -Dconfiture.benchmarks.jvm-options=-XX:StartFlightRecording=filename=/tmp/{run}.jfr}; {@code {run}}
     * becomes the run's name and number, as Java 17 has no {@code %p} there.
     */
    static final String JVM_OPTIONS = "confiture.benchmarks.jvm-options";

    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * Runs {@code mainClass} with {@code arguments} in a new JVM and waits at most 5 minutes for it.
     * @param what names the run in errors
     * @throws IllegalStateException when it does not end in time or exits with another code than 0
     */
    static Finished run(String what, Class<?> mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOptions = System.getProperty(JVM_OPTIONS, "").trim();
        if (!jvmOptions.isEmpty()) {
            String run = what.replaceAll("[^A-Za-z0-9]+", "-") + "-" + RUNS.incrementAndGet();
            command.addAll(List.of(jvmOptions.replace("{run}", run).split(" +")));
        }
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (classPath.endsWith("confiture-benchmarks.jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.add("-Dloader.main=" + mainClass.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        else {
            command.add(mainClass.getName());
        }
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("confiture-cold-start", ".log");
            try {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(what + " did not end within 5 minutes");
                }
                double whole = (System.nanoTime() - start) / 1_000_000.0;
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + printed);
                }
                return new Finished(whole, printed);
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
