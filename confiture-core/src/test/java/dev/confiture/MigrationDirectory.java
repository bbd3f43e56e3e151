package dev.confiture;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A directory of migration files for one test, and Confiture instances reading it.
 */
final class MigrationDirectory {

    private final Path directory;

    MigrationDirectory(Path directory) {
        this.directory = directory;
    }

    MigrationDirectory write(String fileName, String content) {
        return writeBytes(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    MigrationDirectory writeBytes(String fileName, byte[] content) {
        try {
            Path file = directory.resolve(fileName);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Path path(String fileName) {
        return directory.resolve(fileName);
    }

    String location() {
        return "filesystem:" + directory;
    }

    Confiture confiture(TestDatabase database) {
        return confiture(database, UnaryOperator.identity());
    }

    Confiture confiture(TestDatabase database, UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        return new Confiture(customizer.apply(ConfitureConfiguration.builder()
                .dataSource(database.dataSource())
                .locations(location())).build());
    }
}
