package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A real migration set in diesel's layout ({@code <dir>/<version>_<name>/up.sql}, as Lemmy keeps it), copied into
 * Confiture's layout: the up migrations in the order of their directory names (diesel's order), numbered
 * {@code 0001_<directory name>.up.sql}, so the version order is exactly the directory order whatever the set's
 * version format.
 */
final class RealMigrationSet {

    private final Path source;

    private final Path confitureDir;

    private final int count;

    private RealMigrationSet(Path source, Path confitureDir, int count) {
        this.source = source;
        this.confitureDir = confitureDir;
        this.count = count;
    }

    /**
     * @param directory the set's migrations directory, or a checkout with a {@code migrations/} directory
     * @param target an empty directory to write Confiture's layout into
     * @throws IllegalArgumentException when the directory holds no {@code <name>/up.sql}
     */
    static RealMigrationSet copy(Path directory, Path target) {
        Path migrations = Files.isDirectory(directory.resolve("migrations")) ? directory.resolve("migrations") : directory;
        try {
            List<Path> ups;
            try (Stream<Path> children = Files.list(migrations)) {
                ups = children.filter(child -> Files.isRegularFile(child.resolve("up.sql"))).sorted().toList();
            }
            if (ups.isEmpty()) {
                throw new IllegalArgumentException("No <name>/up.sql under " + migrations.toAbsolutePath() + ": the real "
                        + "set must be in diesel's layout (e.g. Lemmy's migrations/ directory)");
            }
            Files.createDirectories(target);
            int width = Math.max(4, Integer.toString(ups.size()).length());
            int number = 0;
            for (Path migration : ups) {
                number++;
                String name = String.valueOf(migration.getFileName()).replaceAll("[^A-Za-z0-9_-]", "_");
                Files.copy(migration.resolve("up.sql"), target.resolve(String.format(Locale.ROOT, "%0" + width + "d_%s.up.sql", number, name)));
            }
            return new RealMigrationSet(migrations, target, ups.size());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not copy the real migration set " + migrations, ex);
        }
    }

    /** @return the set's migrations directory, as given */
    Path source() {
        return source;
    }

    /** @return the migrations in Confiture's layout */
    Path confitureDir() {
        return confitureDir;
    }

    int count() {
        return count;
    }
}
