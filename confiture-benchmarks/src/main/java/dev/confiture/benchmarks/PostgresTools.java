package dev.confiture.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's client programs on this machine: the newest {@code pg_dump} found on {@code PATH} or in
 * {@code /usr/lib/postgresql/<major>/bin}, and the {@code psql} beside it (the binary itself, not Debian's
 * {@code pg_wrapper} script in {@code /usr/bin}, whose Perl start would be timed with it).
 *
 * @param binDir the directory of {@code pg_dump}
 * @param pgDump {@code pg_dump}
 * @param psql {@code psql}
 * @param version what {@code pg_dump --version} says, e.g. {@code 15.18}
 * @param major its major version
 */
record PostgresTools(Path binDir, Path pgDump, Path psql, String version, int major) {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    /**
     * @return the newest {@code pg_dump} with a {@code psql} beside it, or {@code null} when there is none
     */
    static @Nullable PostgresTools find() {
        List<Path> directories = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(version -> version.resolve("bin")).forEach(directories::add);
        }
        catch (IOException ex) {
            // not a Debian-style installation
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                directories.add(Path.of(entry));
            }
        }
        return directories.stream().filter(directory -> Files.isExecutable(directory.resolve("pg_dump"))
                && Files.isExecutable(directory.resolve("psql"))).map(PostgresTools::describe)
                .filter(java.util.Objects::nonNull).map(java.util.Objects::requireNonNull)
                .max(Comparator.comparingInt(PostgresTools::major)).orElse(null);
    }

    private static @Nullable PostgresTools describe(Path directory) {
        Path pgDump = directory.resolve("pg_dump");
        String printed = run(List.of(pgDump.toString(), "--version"), Map.of(), null);
        Matcher matcher = VERSION.matcher(printed);
        if (!matcher.find()) {
            return null;
        }
        String version = matcher.group(1) + ((matcher.group(2) != null) ? matcher.group(2) : "");
        return new PostgresTools(directory, pgDump, directory.resolve("psql"), version, Integer.parseInt(matcher.group(1)));
    }

    /**
     * @return whether {@code initdb} and {@code pg_ctl} of the same version are beside {@code pg_dump}, to start a
     * throw-away server it can dump
     */
    boolean hasServer() {
        return Files.isExecutable(binDir.resolve("initdb")) && Files.isExecutable(binDir.resolve("pg_ctl"))
                && Files.isExecutable(binDir.resolve("postgres"));
    }

    /**
     * Runs a program to its end.
     * @return what it printed (stdout and stderr)
     * @throws IllegalStateException when it exits with another code than 0, with what it printed
     */
    static String run(List<String> command, Map<String, String> environment, @Nullable Path directory) {
        try {
            Path output = Files.createTempFile("confiture-bench-tool", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not end within 10 minutes");
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                            + ":\n" + printed);
                }
                return printed;
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run " + command.get(0), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
