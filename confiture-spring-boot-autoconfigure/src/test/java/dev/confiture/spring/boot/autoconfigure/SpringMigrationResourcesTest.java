package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.migration.MigrationResource;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migration files found through Spring's resource scanning: directories, jars (as in an
 * executable jar, where migrations live inside nested jars) and the file system.
 */
class SpringMigrationResourcesTest {

    @TempDir
    Path directory;

    @Test
    void findsMigrationsInsideAJarWithTheirPathBelowTheLocation() throws Exception {
        Path jar = directory.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "db/", null);
            entry(out, "db/migration/", null);
            entry(out, "db/migration/001_init.up.sql", "CREATE TABLE a (x int);");
            entry(out, "db/migration/2026/", null);
            entry(out, "db/migration/2026/002_more.up.sql", "CREATE TABLE b (x int);");
            entry(out, "db/other/003_elsewhere.up.sql", "CREATE TABLE c (x int);");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
            List<MigrationResource> resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(loader),
                    List.of("classpath:db/migration"), true).get();

            assertThat(resources).extracting(MigrationResource::path).containsExactly("001_init.up.sql", "2026/002_more.up.sql");
            assertThat(resources).extracting(MigrationResource::description).containsExactly(
                    "classpath:db/migration/001_init.up.sql", "classpath:db/migration/2026/002_more.up.sql");
            assertThat(new String(resources.get(0).read(), StandardCharsets.UTF_8)).isEqualTo("CREATE TABLE a (x int);");
        }
    }

    @Test
    void oneLocationWrittenTwoWaysIsReadOnce() throws Exception {
        Path migrations = Files.createDirectories(directory.resolve("db/migration"));
        Files.writeString(migrations.resolve("001_a.up.sql"), "SELECT 1;");
        try (URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() }, null)) {
            assertThat(new SpringMigrationResources(new PathMatchingResourcePatternResolver(loader),
                    List.of("classpath:db/migration", " classpath:/db/migration/", "filesystem:" + migrations,
                            "filesystem:" + migrations + "/", "filesystem:" + directory + "/./db/migration",
                            "filesystem:" + directory + "/db//migration"), true).get())
                    .extracting(MigrationResource::description)
                    .containsExactly(migrations + "/001_a.up.sql", "classpath:db/migration/001_a.up.sql");
        }
    }

    @Test
    void findsMigrationsInAFilesystemLocation() throws Exception {
        Files.createDirectories(directory.resolve("sub"));
        Files.writeString(directory.resolve("001_a.up.sql"), "SELECT 1;");
        Files.writeString(directory.resolve("sub/002_b.up.sql"), "SELECT 2;");

        List<MigrationResource> resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem:" + directory), true).get();

        assertThat(resources).extracting(MigrationResource::path).containsExactlyInAnyOrder("001_a.up.sql", "sub/002_b.up.sql");
        assertThat(resources).extracting(MigrationResource::description)
                .contains(directory.resolve("001_a.up.sql").toAbsolutePath().toString());
    }

    @Test
    void aFilesystemLocationIsWalkedAsCoreWalksIt() throws Exception {
        Path real = Files.createDirectories(directory.resolve("real"));
        Files.writeString(real.resolve("002_b.up.sql"), "SELECT 2;");
        Path location = Files.createDirectories(directory.resolve("location"));
        Files.writeString(location.resolve("001_a.up.sql"), "SELECT 1;");
        Files.writeString(location.resolve(".001_a.up.sql.swp"), "editor backup");
        Files.createSymbolicLink(location.resolve("linked"), real);

        List<MigrationResource> resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem:" + location + "/"), true).get();

        assertThat(resources).extracting(MigrationResource::path).containsExactly("001_a.up.sql", "linked/002_b.up.sql");
        assertThat(resources.get(0).size()).isEqualTo(9);
    }

    @Test
    void aFifoInAFilesystemLocationIsRefusedBeforeAnythingReadsIt() throws Exception {
        Files.writeString(directory.resolve("001_a.up.sql"), "SELECT 1;");
        Path fifo = directory.resolve("002_b.up.sql");
        mkfifo(fifo);
        SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem:" + directory), true);

        // Spring's resolver would list it as a readable file, and reading it would block until a writer came
        refused(resources, ErrorCode.UNREADABLE_MIGRATION)
                .hasMessageContaining(fifo.toString()).hasMessageContaining("not a regular file");
    }

    @Test
    void aFifoInAClasspathDirectoryIsRefusedBeforeAnythingReadsIt() throws Exception {
        Path migrations = Files.createDirectories(directory.resolve("db/migration"));
        Files.writeString(migrations.resolve("001_a.up.sql"), "SELECT 1;");
        Path fifo = migrations.resolve("002_b.up.sql");
        mkfifo(fifo);
        try (URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() }, null)) {
            SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(loader),
                    List.of("classpath:db/migration"), true);

            refused(resources, ErrorCode.UNREADABLE_MIGRATION)
                    .hasMessageContaining("classpath:db/migration").hasMessageContaining(fifo.toString())
                    .hasMessageContaining("not a regular file");
        }
    }

    @Test
    void aBrokenSymbolicLinkInAClasspathDirectoryIsNamedWhenReadNeverSkipped() throws Exception {
        Path migrations = Files.createDirectories(directory.resolve("db/migration"));
        Files.writeString(migrations.resolve("001_a.up.sql"), "SELECT 1;");
        Path broken = Files.createSymbolicLink(migrations.resolve("002_b.up.sql"), directory.resolve("gone.sql"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() }, null)) {
            SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(loader),
                    List.of("classpath:db/migration"), true);
            assertThat(resources.get()).extracting(MigrationResource::path).containsExactly("001_a.up.sql", "002_b.up.sql");

            // a problem of the discovery, which migrate and validate refuse to go past
            org.postgresql.ds.PGSimpleDataSource unused = new org.postgresql.ds.PGSimpleDataSource();
            assertThat(new dev.confiture.Confiture(dev.confiture.config.ConfitureConfiguration.builder()
                    .dataSource(unused).resources(resources).build()).discover().problems()).singleElement()
                    .satisfies(problem -> {
                        assertThat(problem.code()).isEqualTo(ErrorCode.UNREADABLE_MIGRATION);
                        assertThat(problem.message()).contains("classpath:db/migration/002_b.up.sql");
                    });
        }
        assertThat(broken).isSymbolicLink();
    }

    @Test
    void aFilesystemLocationThatIsAFileIsAConfigurationErrorEvenWhenMissingOnesOnlyWarn() throws Exception {
        Path file = Files.writeString(directory.resolve("001_a.up.sql"), "SELECT 1;");
        SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem:" + file), false);

        refused(resources, ErrorCode.INVALID_CONFIGURATION)
                .hasMessageContaining(file.toString()).hasMessageContaining("is a file, not a directory");
    }

    @Test
    void spacesAroundAFilesystemPathAreIgnoredAndAnInvalidPathIsAConfigurationError() throws Exception {
        Files.writeString(directory.resolve("001_a.up.sql"), "SELECT 1;");
        assertThat(new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem: " + directory + " "), true).get()).extracting(MigrationResource::path)
                .containsExactly("001_a.up.sql");

        SpringMigrationResources invalid = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("filesystem:" + directory + "/nul\u0000here"), false);
        refused(invalid, ErrorCode.INVALID_CONFIGURATION)
                .hasMessageContaining("is not a valid path").hasMessageContaining("confiture.locations");
    }

    @Test
    void anEmptyOrMissingFilesystemLocationIsAnErrorWhenConfiguredSo() {
        for (Path location : List.of(directory, directory.resolve("does-not-exist"))) {
            SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                    List.of("filesystem:" + location), true);
            assertThatThrownBy(resources::get).as(location.toString()).isInstanceOfSatisfying(ConfitureException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND))
                    .hasMessageContaining(location.toString()).hasMessageContaining("confiture.fail-on-missing-locations");
            assertThat(new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                    List.of("filesystem:" + location), false).get()).as(location.toString()).isEmpty();
        }
    }

    @Test
    void aMissingLocationIsAnErrorWhenConfiguredSo() {
        SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("classpath:db/does-not-exist"), true);

        refused(resources, ErrorCode.LOCATION_NOT_FOUND)
                .hasMessageContaining("db/does-not-exist").hasMessageContaining("confiture.fail-on-missing-locations");
    }

    @Test
    void aMissingLocationIsOnlyAWarningByDefault() {
        assertThat(new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("classpath:db/does-not-exist"), false).get()).isEmpty();
    }

    @Test
    void anUnknownPrefixIsAConfigurationErrorNamingTheProperty() {
        SpringMigrationResources resources = new SpringMigrationResources(new PathMatchingResourcePatternResolver(),
                List.of("s3:bucket/migrations"), false);

        refused(resources, ErrorCode.INVALID_CONFIGURATION)
                .hasMessageContaining("s3:bucket/migrations").hasMessageContaining("confiture.locations");
    }

    /** The error {@code resources} are refused with, of {@code code}, for its message to be checked. */
    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(
            SpringMigrationResources resources, ErrorCode code) {
        return assertThatThrownBy(resources::get).isInstanceOfSatisfying(ConfitureException.class,
                ex -> assertThat(ex.code()).isEqualTo(code));
    }

    /** A named pipe at {@code fifo}: listing it is harmless, reading it blocks until a writer comes. */
    private static void mkfifo(Path fifo) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
    }

    private static void entry(JarOutputStream out, String name, String content) throws Exception {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            OutputStream stream = out;
            stream.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
