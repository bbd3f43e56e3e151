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
        Finished finished = start(ColdStart.class.getName(), List.of(), List.of(contender, database.jdbcUrl(),
                database.user(), database.password(), migrations.toAbsolutePath().toString(), "0"), contender + "'s cold start");
        finished.requireSuccess();
        return new double[] { finished.wholeMs(), finished.printedNumber("migrate_ms") };
    }

    /**
     * What a child JVM did.
     *
     * @param wholeMs from starting it to its end
     * @param exitValue its exit status
     * @param printed what it printed, standard error included
     * @param what what it was, for messages
     */
    record Finished(double wholeMs, int exitValue, String printed, String what) {

        void requireSuccess() {
            if (exitValue != 0) {
                throw new IllegalStateException(what + " exited with " + exitValue + ":\n" + printed);
            }
        }

        /** The number it printed last as {@code name=value}. */
        double printedNumber(String name) {
            String line = printed.lines().filter(printedLine -> printedLine.startsWith(name + "=")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException(what + " printed no " + name + ":\n" + printed));
            return Double.parseDouble(line.substring(name.length() + 1));
        }
    }

    /**
     * Starts {@code mainClass} of this jar (or class path) in a new JVM and waits for it, at most 10 minutes.
     * @param jvmOptions options before the class, e.g. {@code -Xmx256m}
     */
    static Finished start(String mainClass, List<String> jvmOptions, List<String> args, String what) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (classPath.endsWith("confiture-benchmarks.jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.add("-Dloader.main=" + mainClass);
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        else {
            command.add(mainClass);
        }
        command.addAll(args);
        try {
            Path output = Files.createTempFile("confiture-child-jvm", ".log");
            try {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(what + " did not end within 10 minutes");
                }
                double whole = (System.nanoTime() - start) / 1_000_000.0;
                return new Finished(whole, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), what);
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
