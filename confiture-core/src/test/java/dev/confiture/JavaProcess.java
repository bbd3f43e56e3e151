package dev.confiture;

import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts {@link MigrateMain} in its own JVM with this test's class path.
 */
final class JavaProcess {

    private JavaProcess() {
    }

    static Process migrate(TestDatabase database, String location, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MigrateMain.class.getName(),
                database.jdbcUrl(), database.user(), location)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
