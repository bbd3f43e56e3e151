package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationScannerTest {

    @TempDir
    Path temp;

    private final List<String> warnings = new ArrayList<>();

    private final List<URLClassLoader> loaders = new ArrayList<>();

    @AfterEach
    void closeLoaders() throws IOException {
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    private LocationScanner scanner(ClassLoader loader, boolean failOnMissing) {
        return new LocationScanner(loader, failOnMissing, warnings::add);
    }

    private LocationScanner scanner() {
        return scanner(loader(), false);
    }

    /** A class loader that sees only the given roots (not the test classpath). */
    private URLClassLoader loader(Path... roots) {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            try {
                urls[i] = roots[i].toUri().toURL();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        URLClassLoader loader = new URLClassLoader(urls, null);
        loaders.add(loader);
        return loader;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static String text(MigrationResource resource) throws IOException {
        return new String(resource.read(), StandardCharsets.UTF_8);
    }

    /** A jar with directory entries, as build tools write them. */
    private static Path jar(Path jar, boolean directoryEntries, String... namesAndContents) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            List<String> directories = new ArrayList<>();
            for (int i = 0; i < namesAndContents.length; i += 2) {
                String name = namesAndContents[i];
                if (directoryEntries) {
                    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                        String directory = name.substring(0, slash + 1);
                        if (!directories.contains(directory)) {
                            directories.add(directory);
                            out.putNextEntry(new JarEntry(directory));
                            out.closeEntry();
                        }
                    }
                }
                out.putNextEntry(new JarEntry(name));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void filesystemLocationIsScannedRecursivelyAndSortedByPath() throws IOException {
        Path root = temp.resolve("migrations");
        write(root.resolve("2024/002_orders.up.sql"), "CREATE TABLE orders ();");
        write(root.resolve("001_init.up.sql"), "CREATE TABLE t ();");
        write(root.resolve("001_init.down.sql"), "DROP TABLE t;");
        write(root.resolve("README.md"), "# migrations");
        write(root.resolve("2024/deep/notes.txt"), "");
        write(root.resolve("2024/deep/.gitkeep"), "");
        write(root.resolve(".git/objects/003_x.up.sql"), "hidden directories are skipped");

        List<MigrationResource> resources = scanner().scan(List.of("filesystem:" + root));

        assertThat(resources).extracting(MigrationResource::path).containsExactly("001_init.down.sql",
                "001_init.up.sql", "2024/002_orders.up.sql", "2024/deep/notes.txt", "README.md");
        assertThat(resources.get(2).description()).isEqualTo(root.resolve("2024/002_orders.up.sql").toString());
        assertThat(text(resources.get(2))).isEqualTo("CREATE TABLE orders ();");
        assertThat(resources.get(3).read()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void relativeFilesystemLocationIsResolvedAgainstTheWorkingDirectory() throws IOException {
        write(temp.resolve("rel/001_init.up.sql"), "SELECT 1;");
        Path relative = Path.of("").toAbsolutePath().relativize(temp.resolve("rel"));

        List<MigrationResource> resources = scanner().scan(List.of("filesystem:" + relative));

        assertThat(resources).singleElement().satisfies(resource -> {
            assertThat(resource.path()).isEqualTo("001_init.up.sql");
            assertThat(Path.of(resource.description())).isAbsolute()
                .isEqualTo(temp.resolve("rel/001_init.up.sql").toAbsolutePath().normalize());
        });
    }

    @Test
    void fileContentIsReadWhenAsked() throws IOException {
        Path file = write(temp.resolve("m/001_init.up.sql"), "old");
        MigrationResource resource = scanner().scan(List.of("filesystem:" + temp.resolve("m"))).get(0);
        Files.writeString(file, "new");
        assertThat(text(resource)).isEqualTo("new");
    }

    @Test
    void classpathDirectoryWithOrWithoutPrefix() throws IOException {
        Path classes = temp.resolve("classes");
        write(classes.resolve("db/migration/001_init.up.sql"), "CREATE TABLE t ();");
        write(classes.resolve("db/migration/2024/002_orders.up.sql"), "CREATE TABLE orders ();");
        write(classes.resolve("db/other/003_x.up.sql"), "SELECT 3;");
        URLClassLoader loader = loader(classes);

        for (String location : List.of("classpath:db/migration", "db/migration", "classpath:/db/migration/",
                "CLASSPATH:db/migration")) {
            List<MigrationResource> resources = scanner(loader, true).scan(List.of(location));
            assertThat(resources).as(location).extracting(MigrationResource::path)
                .containsExactly("001_init.up.sql", "2024/002_orders.up.sql");
            assertThat(resources).as(location).extracting(MigrationResource::description).containsExactly(
                    "classpath:db/migration/001_init.up.sql", "classpath:db/migration/2024/002_orders.up.sql");
            assertThat(text(resources.get(1))).isEqualTo("CREATE TABLE orders ();");
        }
    }

    @Test
    void classpathLocationInsideAJar() throws IOException {
        Path jar = jar(temp.resolve("migrations.jar"), true, "db/migration/001_init.up.sql", "CREATE TABLE t ();",
                "db/migration/2024/002_orders.up.sql", "CREATE TABLE orders ();", "db/migration/README.md", "hi",
                "db/other/003_x.up.sql", "SELECT 3;");
        URLClassLoader loader = loader(jar);

        List<MigrationResource> resources = scanner(loader, true).scan(List.of("classpath:db/migration"));

        assertThat(resources).extracting(MigrationResource::path)
            .containsExactly("001_init.up.sql", "2024/002_orders.up.sql", "README.md");
        assertThat(resources).extracting(MigrationResource::description).containsExactly(
                "classpath:db/migration/001_init.up.sql", "classpath:db/migration/2024/002_orders.up.sql",
                "classpath:db/migration/README.md");
        assertThat(text(resources.get(0))).isEqualTo("CREATE TABLE t ();");
        assertThat(text(resources.get(1))).isEqualTo("CREATE TABLE orders ();");
        // the class loader's own view of the jar is still usable: we closed only our copy
        assertThat(loader.getResource("db/other/003_x.up.sql")).isNotNull();
        try (var in = loader.getResourceAsStream("db/migration/001_init.up.sql")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("CREATE TABLE t ();");
        }
    }

    @Test
    void jarEntriesStayReadableAfterTheJarIsGone() throws IOException {
        Path jar = jar(temp.resolve("gone.jar"), true, "db/migration/001_init.up.sql", "SELECT 1;");
        List<MigrationResource> resources = scanner(loader(jar), true).scan(List.of("db/migration"));
        Files.delete(jar);
        assertThat(text(resources.get(0))).isEqualTo("SELECT 1;");
        resources.get(0).read()[0] = 'X';
        assertThat(text(resources.get(0))).isEqualTo("SELECT 1;");
    }

    @Test
    void jarWithoutDirectoryEntriesIsNotFoundByTheClassLoader() throws IOException {
        Path jar = jar(temp.resolve("flat.jar"), false, "db/migration/001_init.up.sql", "SELECT 1;");
        assertThat(scanner(loader(jar), false).scan(List.of("db/migration"))).isEmpty();
        assertThat(warnings).singleElement().asString().contains("classpath:db/migration does not exist");
    }

    @Test
    void everyClasspathRootIsScannedAndSameDescriptionsAreTold() throws IOException {
        Path classes = temp.resolve("classes");
        write(classes.resolve("db/migration/001_init.up.sql"), "dir");
        write(classes.resolve("db/migration/002_dir.up.sql"), "dir");
        Path jar = jar(temp.resolve("lib.jar"), true, "db/migration/001_init.up.sql", "jar",
                "db/migration/003_jar.up.sql", "jar");

        List<MigrationResource> resources = scanner(loader(classes, jar), true).scan(List.of("classpath:db/migration"));

        assertThat(resources).extracting(MigrationResource::path)
            .containsExactly("001_init.up.sql", "001_init.up.sql", "002_dir.up.sql", "003_jar.up.sql");
        assertThat(resources.get(0).description()).startsWith("classpath:db/migration/001_init.up.sql (in ");
        assertThat(resources.get(1).description()).startsWith("classpath:db/migration/001_init.up.sql (in ");
        assertThat(resources.subList(0, 2)).extracting(MigrationResource::description)
            .anySatisfy(description -> assertThat(description).contains(classes.toString()))
            .anySatisfy(description -> assertThat(description).contains("jar:file:").contains("lib.jar!/db/migration"));
        assertThat(List.of(text(resources.get(0)), text(resources.get(1)))).containsExactlyInAnyOrder("dir", "jar");
        assertThat(resources.get(2).description()).isEqualTo("classpath:db/migration/002_dir.up.sql");
        assertThat(resources.get(3).description()).isEqualTo("classpath:db/migration/003_jar.up.sql");
    }

    @Test
    void severalLocationsAreMergedAndSortedByPath() throws IOException {
        Path classes = temp.resolve("classes");
        write(classes.resolve("db/migration/002_b.up.sql"), "b");
        write(temp.resolve("fs/001_a.up.sql"), "a");
        write(temp.resolve("fs/003_c.up.sql"), "c");

        List<MigrationResource> resources = scanner(loader(classes), true)
            .scan(List.of("classpath:db/migration", "filesystem:" + temp.resolve("fs")));

        assertThat(resources).extracting(MigrationResource::path)
            .containsExactly("001_a.up.sql", "002_b.up.sql", "003_c.up.sql");
    }

    @Test
    void aLocationListedTwiceIsScannedOnce() throws IOException {
        Path classes = temp.resolve("classes");
        write(classes.resolve("db/migration/001_a.up.sql"), "a");
        write(temp.resolve("fs/002_b.up.sql"), "b");

        List<MigrationResource> resources = scanner(loader(classes), true).scan(List.of("db/migration",
                "classpath:/db/migration/", "filesystem:" + temp.resolve("fs"), "filesystem:" + temp.resolve("fs/.")));

        assertThat(resources).extracting(MigrationResource::path).containsExactly("001_a.up.sql", "002_b.up.sql");
    }

    @Test
    void emptyLocationGivesNothingWithoutWarning() throws IOException {
        Files.createDirectories(temp.resolve("empty"));
        assertThat(scanner().scan(List.of("filesystem:" + temp.resolve("empty")))).isEmpty();
        assertThat(scanner().scan(List.of())).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void missingLocationsAreWarnedAbout() {
        List<MigrationResource> resources = scanner()
            .scan(List.of("classpath:db/missing", "filesystem:" + temp.resolve("nowhere")));

        assertThat(resources).isEmpty();
        assertThat(warnings).containsExactly(
                "Migration location classpath:db/missing does not exist: no migrations are read from it (create the "
                        + "directory db/missing on the classpath (e.g. src/main/resources/db/missing) or fix the "
                        + "location 'classpath:db/missing' in the configuration)",
                "Migration location filesystem:" + temp.resolve("nowhere")
                        + " does not exist: no migrations are read from it (create the directory "
                        + temp.resolve("nowhere") + " or fix the location 'filesystem:" + temp.resolve("nowhere")
                        + "' in the configuration)");
    }

    @Test
    void missingClasspathLocationFailsWhenAsked() {
        ConfitureException ex = catchThrowableOfType(ConfitureException.class,
                () -> scanner(loader(), true).scan(List.of("db/missing")));
        assertThat(ex.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND);
        assertThat(ex.problem()).isEqualTo("Migration location classpath:db/missing does not exist");
        assertThat(ex.hint()).isEqualTo("create the directory db/missing on the classpath (e.g. "
                + "src/main/resources/db/missing) or fix the location 'classpath:db/missing' in the configuration");
        assertThat(warnings).isEmpty();
    }

    @Test
    void missingFilesystemLocationFailsWhenAsked() {
        Path nowhere = temp.resolve("nowhere");
        ConfitureException ex = catchThrowableOfType(ConfitureException.class,
                () -> scanner(loader(), true).scan(List.of("filesystem:" + nowhere)));
        assertThat(ex.code()).isEqualTo(ErrorCode.LOCATION_NOT_FOUND);
        assertThat(ex.problem()).isEqualTo("Migration location filesystem:" + nowhere + " does not exist");
        assertThat(ex.hint()).contains("create the directory " + nowhere)
            .contains("fix the location 'filesystem:" + nowhere + "'");
    }

    @Test
    void unknownPrefixIsAConfigurationError() {
        for (String location : List.of("s3:bucket/migrations", "classpath*:db/migration", "file:/srv/migrations")) {
            ConfitureException ex = catchThrowableOfType(ConfitureException.class,
                    () -> scanner().scan(List.of(location)));
            assertThat(ex.code()).as(location).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(ex.problem()).as(location).isEqualTo("Unknown prefix '"
                    + location.substring(0, location.indexOf(':')) + ":' in migration location '" + location + "'");
            assertThat(ex.hint()).contains("classpath:").contains("filesystem:");
        }
    }

    @Test
    void blankLocationIsAConfigurationError() {
        for (String location : List.of("", "  ", "classpath:", "classpath:/", "filesystem:")) {
            ConfitureException ex = catchThrowableOfType(ConfitureException.class,
                    () -> scanner().scan(List.of(location)));
            assertThat(ex.code()).as(location).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(ex.problem()).isEqualTo("Migration location '" + location + "' names no directory");
        }
    }

    @Test
    void filesystemLocationThatIsAFileIsAConfigurationError() throws IOException {
        Path file = write(temp.resolve("001_init.up.sql"), "SELECT 1;");
        ConfitureException ex = catchThrowableOfType(ConfitureException.class,
                () -> scanner().scan(List.of("filesystem:" + file)));
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(ex.problem()).isEqualTo("Migration location filesystem:" + file + " is a file, not a directory");
    }

    @Test
    void classpathLocationThatIsAFileIsIgnoredWithAWarning() throws IOException {
        Path classes = temp.resolve("classes");
        write(classes.resolve("db/migration"), "not a directory");
        assertThat(scanner(loader(classes), true).scan(List.of("db/migration"))).isEmpty();
        assertThat(warnings).singleElement().asString()
            .startsWith("Migration location classpath:db/migration resolves to the file ")
            .endsWith(", not a directory: it is ignored");
    }

    @Test
    void symbolicLinksAreFollowedLoopsAreNotAndBrokenLinksFailOnRead() throws IOException {
        Path root = temp.resolve("m");
        write(root.resolve("001_a.up.sql"), "a");
        write(temp.resolve("elsewhere/002_b.up.sql"), "b");
        Files.createSymbolicLink(root.resolve("linked"), temp.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("loop"), root);
        Files.createSymbolicLink(root.resolve("003_c.up.sql"), temp.resolve("does-not-exist.sql"));

        List<MigrationResource> resources = scanner().scan(List.of("filesystem:" + root));

        assertThat(resources).extracting(MigrationResource::path)
            .containsExactly("001_a.up.sql", "003_c.up.sql", "linked/002_b.up.sql");
        assertThat(text(resources.get(2))).isEqualTo("b");
        assertThatIOException().isThrownBy(() -> resources.get(1).read());
        assertThat(warnings).singleElement().asString().startsWith("Symbolic link loop at " + root.resolve("loop"));
    }

    @Test
    void publicConstructorLogsMissingLocationsInsteadOfFailing() {
        LocationScanner scanner = new LocationScanner(loader(), false);
        assertThat(scanner.scan(List.of("db/missing"))).isEmpty();
    }

    @Test
    void scansTheTestClasspathThroughTheApplicationClassLoader() throws IOException {
        // the compiled test classes are a directory root of the ordinary class loader
        List<MigrationResource> resources = new LocationScanner(getClass().getClassLoader(), true)
            .scan(List.of("classpath:dev/confiture/migration"));
        assertThat(resources).extracting(MigrationResource::path).contains("LocationScannerTest.class");
        assertThat(resources).extracting(MigrationResource::description)
            .contains("classpath:dev/confiture/migration/LocationScannerTest.class");
    }
}
