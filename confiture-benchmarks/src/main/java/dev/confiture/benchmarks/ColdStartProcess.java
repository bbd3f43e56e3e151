package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class of this module in a new JVM and times the whole process: from this jar when the benchmarks run as
 * {@code java -jar confiture-benchmarks.jar} (through Spring Boot's launcher, as a service's executable jar starts),
 * from the class path otherwise (the smoke test).
 */
final class ColdStartProcess {

    /**
     * Extra options for every new JVM, separated by spaces, to profile what a cold start does, e.g.
     * {@code -Dconfiture.benchmarks.jvm-options=-XX:StartFlightRecording=filename=/tmp/{run}.jfr}; {@code {run}}
     * becomes the main class's simple name and a number, as Java 17 has no {@code %p} there.
     */
    static final String JVM_OPTIONS = "confiture.benchmarks.jvm-options";

    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private ColdStartProcess() {
    }

    /**
     * What a child process took and printed.
     *
     * @param wholeMs from starting the process to its exit
     * @param exitValue its exit status
     * @param output what it printed (standard output and error)
     */
    record Finished(double wholeMs, int exitValue, String output) {

        /** @return the number the process printed as {@code key=<number>} last */
        double printedNumber(String key) {
            return Double.parseDouble(output.lines().filter(line -> line.startsWith(key + "=")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("the process printed no " + key + ":\n" + output))
                    .substring(key.length() + 1));
        }
    }

    /**
     * {@link ColdStart}'s {@code migrate()} in a new JVM.
     * @param expectedApplied how many migrations it must apply (0: the startup check)
     * @return the whole process and {@code migrate()} inside it, in milliseconds
     */
    static double[] run(String contender, TestDatabase database, Path migrations, int expectedApplied) {
        Finished finished = runMain(ColdStart.class.getName(), List.of(), List.of(contender, database.jdbcUrl(),
                database.user(), database.password(), migrations.toAbsolutePath().toString(),
                Integer.toString(expectedApplied)), Map.of());
        return new double[] { finished.wholeMs(), finished.printedNumber("migrate_ms") };
    }

    /** {@link #run(String, TestDatabase, Path, int)} of the startup check: nothing pending. */
    static double[] run(String contender, TestDatabase database, Path migrations) {
        return run(contender, database, migrations, 0);
    }

    /**
     * Runs {@code mainClass} of this module (or of a dependency) in a new JVM.
     * @param jvmOptions options before the class (e.g. {@code -Xmx256m})
     * @param environment variables added to this process's
     * @throws IllegalStateException when it exits with a status other than 0, or runs longer than 30 minutes
     */
    static Finished runMain(String mainClass, List<String> jvmOptions, List<String> args, Map<String, String> environment) {
        Finished finished = start(mainClass, jvmOptions, args, environment);
        if (finished.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " " + args + " exited with " + finished.exitValue() + ":\n"
                    + finished.output());
        }
        return finished;
    }

    /**
     * How the fresh JVMs load their classes, as they inherit this JVM's class path: from the nested jars of
     * {@code java -jar confiture-benchmarks.jar} (Spring Boot's launcher opens every library inside the jar: about 200
     * ms more per start, for every contender), or from plain jars (run.sh extracts the jar first, the layout
     * {@code java -Djarmode=tools extract} makes, as a CLI's shaded jar or {@code lib/*.jar} loads).
     */
    static String classPathMode() {
        if (nestedJars()) {
            return "nested jars (java -jar confiture-benchmarks.jar, Spring Boot's launcher)";
        }
        return System.getProperty("java.class.path", "").contains(java.io.File.pathSeparator) ? "a class path of plain jars"
                : "the extracted jar (plain jars, java -Djarmode=tools extract)";
    }

    /** Whether this JVM runs from Spring Boot's executable jar, its classes loaded by the launcher's class loader. */
    private static boolean nestedJars() {
        return ColdStartProcess.class.getClassLoader() != ClassLoader.getSystemClassLoader();
    }

    /** {@link #runMain} of LargeFileApply's kind, whose failure (e.g. running out of heap) is a result, not an error. */
    static Finished start(String mainClass, List<String> jvmOptions, List<String> args, String what) {
        return start(mainClass, jvmOptions, args, Map.of());
    }

    private static Finished start(String mainClass, List<String> jvmOptions, List<String> args,
            Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String profiling = System.getProperty(JVM_OPTIONS, "").trim();
        if (!profiling.isEmpty()) {
            String run = mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + RUNS.incrementAndGet();
            command.addAll(List.of(profiling.replace("{run}", run).split(" +")));
        }
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (nestedJars()) {
            command.add("-Dloader.main=" + mainClass);
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        else {
            command.add(mainClass);
        }
        command.addAll(args);
        return time(command, environment, mainClass + " " + args);
    }

    /**
     * Runs {@code command} to its end (at most 30 minutes) and times it, whatever its exit status.
     * @param environment variables added to this process's
     * @param what names the command in errors
     */
    static Finished time(List<String> command, Map<String, String> environment, String what) {
        try {
            Path output = Files.createTempFile("confiture-child", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                long start = System.nanoTime();
                Process process = builder.start();
                if (!process.waitFor(30, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(what + " did not end within 30 minutes");
                }
                double whole = (System.nanoTime() - start) / 1_000_000.0;
                return new Finished(whole, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
