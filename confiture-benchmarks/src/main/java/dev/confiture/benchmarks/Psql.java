package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The physical limit of applying SQL files: {@code psql -X -q -1 -v ON_ERROR_STOP=1 -f FILE}, one transaction, one
 * round trip per statement, no bookkeeping, a process of a few milliseconds' start.
 */
final class Psql {

    private final Path executable;

    private Psql(Path executable) {
        this.executable = executable;
    }

    /**
     * @return psql from {@code PATH}, else the newest of {@code /usr/lib/postgresql/<major>/bin/psql}, if any
     */
    static Optional<Psql> find() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(directory, "psql");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new Psql(candidate));
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(debian)) {
            return majors.filter(major -> Files.isExecutable(major.resolve("bin").resolve("psql")))
                    .max(Comparator.comparingInt(major -> major(String.valueOf(major.getFileName()))))
                    .map(major -> new Psql(major.resolve("bin").resolve("psql")));
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    /** Where {@link #find()} looked, for a result that says why the limit is missing. */
    static String whereLooked() {
        return "psql was found neither on PATH nor as /usr/lib/postgresql/<major>/bin/psql";
    }

    Path executable() {
        return executable;
    }

    /**
     * Runs {@code files} in order as one transaction and stops at the first error.
     * @return the whole process, in milliseconds
     */
    double run(TestDatabase database, List<Path> files) {
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-U", database.user(), "-d",
                uri.getPath().substring(1)));
        files.forEach(file -> command.addAll(List.of("-f", file.toAbsolutePath().toString())));
        ColdStartProcess.Finished finished = ColdStartProcess.time(command, Map.of("PGPASSWORD", database.password()),
                "psql");
        if (finished.exitValue() != 0) {
            String printed = finished.output().strip();
            throw new IllegalStateException("psql exited with " + finished.exitValue() + ": "
                    + printed.substring(Math.max(0, printed.length() - 2000)));
        }
        return finished.wholeMs();
    }

    private static int major(String name) {
        try {
            return Integer.parseInt(name);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }
}
