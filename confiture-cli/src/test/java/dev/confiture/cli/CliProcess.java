package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code java -jar target/confiture-cli.jar} as a separate process in a project directory, in the foreground
 * ({@link #run}) or in the background ({@link #start}), with the CONFITURE_* variables of this JVM removed.
 */
final class CliProcess {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The CLI runs for a second: the JIT's first tier and the serial collector start it fastest, and
     * a class-data archive written by the first run makes later runs load their classes faster.
     * JVM logging is off so that nothing but the CLI writes to stdout and stderr.
     */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xlog:disable", "-Xlog:all=off");

    private static @Nullable Path classArchive;

    private final Path project;

    CliProcess(Path project) {
        this.project = project;
    }

    /**
     * The variables that point the CLI at a test database.
     */
    static Map<String, String> environment(TestDatabase database) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CONFITURE_URL", database.jdbcUrl());
        environment.put("CONFITURE_USER", database.user());
        if (!database.password().isEmpty()) {
            environment.put("CONFITURE_PASSWORD", database.password());
        }
        return environment;
    }

    /**
     * Runs the CLI to its end (at most 120 s).
     */
    Run run(List<String> jvmOptions, Map<String, String> environment, String... args) {
        return start(jvmOptions, environment, args).await();
    }

    /**
     * Starts the CLI; {@link Started#await()} waits for it.
     */
    Started start(List<String> jvmOptions, Map<String, String> environment, String... args) {
        String jar = System.getProperty("confiture.cli.jar");
        assertThat(jar).as("system property confiture.cli.jar (set by failsafe)").isNotNull();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FAST_START);
        command.add(classArchiveOption());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFITURE_") || name.equals("NO_COLOR")
                || name.equals("DATABASE_URL") || name.startsWith("PG"));
        builder.environment().putAll(environment);
        try {
            Path out = Files.createTempFile("confiture-cli", ".out");
            Path err = Files.createTempFile("confiture-cli", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Started(process, out, err, String.join(" ", args));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static synchronized String classArchiveOption() {
        if (classArchive != null) {
            return "-XX:SharedArchiveFile=" + classArchive;
        }
        try {
            Path directory = Files.createTempDirectory("confiture-cli-it");
            directory.toFile().deleteOnExit();
            classArchive = directory.resolve("classes.jsa");
            classArchive.toFile().deleteOnExit();
            return "-XX:ArchiveClassesAtExit=" + classArchive;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A CLI process that was started.
     */
    record Started(Process process, Path out, Path err, String args) {

        /**
         * @return how it ended
         */
        Run await() {
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("confiture " + args + " did not finish within 120 s");
                }
                return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
            finally {
                try {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                }
                catch (IOException ex) {
                    // a temporary file left behind
                }
            }
        }
    }

    /**
     * How a CLI process ended.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    record Run(int code, String out, String err) {

        Run expect(int expected) {
            assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
            return this;
        }

        JsonNode json() {
            assertThat(out).as("stdout (stderr: %s)", err).isNotBlank();
            return JSON.readTree(out);
        }
    }
}
