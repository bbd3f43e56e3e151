package dev.confiture.migration;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds migration resources in locations: {@code classpath:db/migration} (no prefix means
 * {@code classpath:}) and {@code filesystem:some/dir} (absolute, or relative to the working
 * directory). Scans recursively and returns every file, not only {@code .sql} files: the
 * {@link MigrationCatalog} decides what is a migration.
 * <p>
 * A classpath location is read from every root {@link ClassLoader#getResources(String)} returns:
 * directories and jar files ({@code jar:} URLs, including nested jars when a handler for them is
 * installed). Jars must contain directory entries for their directories to be found, as for any
 * class loader lookup.
 */
public final class LocationScanner {

    private static final Logger logger = LoggerFactory.getLogger(LocationScanner.class);

    private static final String CLASSPATH = "classpath:";

    private static final String FILESYSTEM = "filesystem:";

    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z][A-Za-z0-9+.*-]*):");

    private final ClassLoader classLoader;

    private final boolean failOnMissingLocations;

    private final Consumer<String> warnings;

    /**
     * @param classLoader the class loader to read {@code classpath:} locations from
     * @param failOnMissingLocations whether a location that does not exist is an error
     * ({@link ErrorCode#LOCATION_NOT_FOUND}) rather than a warning
     */
    public LocationScanner(ClassLoader classLoader, boolean failOnMissingLocations) {
        this(classLoader, failOnMissingLocations, logger::warn);
    }

    LocationScanner(ClassLoader classLoader, boolean failOnMissingLocations, Consumer<String> warnings) {
        this.classLoader = classLoader;
        this.failOnMissingLocations = failOnMissingLocations;
        this.warnings = warnings;
    }

    /**
     * Scans the locations.
     * @param locations locations such as {@code classpath:db/migration} or {@code filesystem:sql/migrations}
     * @return every file found, sorted by path (then by description)
     * @throws ConfitureException {@link ErrorCode#INVALID_CONFIGURATION} for a blank location or an
     * unknown prefix, {@link ErrorCode#LOCATION_NOT_FOUND} for a missing location when asked to fail,
     * {@link ErrorCode#UNREADABLE_MIGRATION} when a location cannot be listed
     */
    public List<MigrationResource> scan(List<String> locations) {
        Map<String, Location> parsed = new LinkedHashMap<>();
        for (String location : locations) {
            Location resolved = parse(location);
            parsed.putIfAbsent(resolved.key(), resolved);
        }
        List<Found> found = new ArrayList<>();
        for (Location location : parsed.values()) {
            if (location.classpath()) {
                scanClasspath(location, found);
            }
            else {
                scanFilesystem(location, found);
            }
        }
        return disambiguate(found);
    }

    private static Location parse(String location) {
        String text = location.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean classpath;
        String path;
        if (lower.startsWith(CLASSPATH)) {
            classpath = true;
            path = text.substring(CLASSPATH.length());
        }
        else if (lower.startsWith(FILESYSTEM)) {
            classpath = false;
            path = text.substring(FILESYSTEM.length());
        }
        else {
            var prefix = PREFIX.matcher(text);
            if (prefix.find()) {
                throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                        "Unknown prefix '" + prefix.group(1) + ":' in migration location '" + location + "'",
                        "use classpath:<path> (the default when there is no prefix) or filesystem:<directory>, "
                                + "e.g. classpath:db/migration or filesystem:/srv/migrations");
            }
            classpath = true;
            path = text;
        }
        if (classpath) {
            path = path.replace('\\', '/').strip();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
        }
        else {
            path = path.strip();
        }
        if (path.isEmpty()) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                    "Migration location '" + location + "' names no directory",
                    "give a directory, e.g. classpath:db/migration or filesystem:/srv/migrations");
        }
        if (classpath) {
            return new Location(CLASSPATH + path, path, null);
        }
        Path directory;
        try {
            directory = Path.of(path).toAbsolutePath().normalize();
        }
        catch (InvalidPathException ex) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                    "Migration location '" + location + "' is not a valid path: " + ex.getMessage(), null, null, ex);
        }
        return new Location(FILESYSTEM + directory, path, directory);
    }

    private void missing(Location location, String where) {
        String hint = "create " + where + " or fix the location '" + location.name() + "' in the configuration";
        if (failOnMissingLocations) {
            throw new ConfitureException(ErrorCode.LOCATION_NOT_FOUND,
                    "Migration location " + location.name() + " does not exist", hint);
        }
        warnings.accept("Migration location " + location.name() + " does not exist: no migrations are read from it ("
                + hint + ")");
    }

    private void scanClasspath(Location location, List<Found> found) {
        Set<String> seen = new LinkedHashSet<>();
        List<URL> roots = new ArrayList<>();
        try {
            Enumeration<URL> urls = classLoader.getResources(location.path());
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if (seen.add(url.toExternalForm())) {
                    roots.add(url);
                }
            }
        }
        catch (IOException ex) {
            throw unreadable(location.name(), ex);
        }
        if (roots.isEmpty()) {
            missing(location, "the directory " + location.path() + " on the classpath (e.g. src/main/resources/"
                    + location.path() + ")");
            return;
        }
        for (URL root : roots) {
            String protocol = root.getProtocol();
            if (protocol.equals("file")) {
                Path directory = fileOf(root);
                if (Files.isDirectory(directory)) {
                    walk(directory, location.name(), (relative, file, size) -> new Found(
                            new FileResource(relative, location.name() + "/" + relative, file, size),
                            directory.toString()), found);
                }
                else {
                    warnings.accept("Migration location " + location.name() + " resolves to the file " + directory
                            + ", not a directory: it is ignored");
                }
            }
            else {
                URLConnection connection;
                try {
                    connection = root.openConnection();
                }
                catch (IOException ex) {
                    throw unreadable(location.name() + " (" + root + ")", ex);
                }
                if (connection instanceof JarURLConnection jar) {
                    scanJar(location, root, jar, found);
                }
                else {
                    warnings.accept("Migration location " + location.name() + " has a root Confiture cannot list ("
                            + root + "): it is ignored; use a directory or a jar file");
                }
            }
        }
    }

    private void scanJar(Location location, URL root, JarURLConnection connection, List<Found> found) {
        connection.setUseCaches(false); // our own JarFile, which we close; the class loader's stays open
        String prefix = connection.getEntryName();
        prefix = (prefix == null || prefix.isEmpty()) ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(prefix) || name.length() == prefix.length()) {
                    continue;
                }
                String relative = name.substring(prefix.length());
                if (hidden(relative)) {
                    continue;
                }
                byte[] bytes = null;
                IOException failure = null;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                catch (IOException ex) {
                    failure = ex;
                }
                found.add(new Found(new JarEntryResource(relative, location.name() + "/" + relative, bytes, failure),
                        root.toExternalForm()));
            }
        }
        catch (IOException ex) {
            throw unreadable(location.name() + " (" + root + ")", ex);
        }
    }

    private void scanFilesystem(Location location, List<Found> found) {
        Path directory = location.directory();
        if (directory == null) {
            throw new IllegalStateException("not a filesystem location: " + location);
        }
        if (!Files.exists(directory)) {
            missing(location, "the directory " + directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                    "Migration location " + location.name() + " is a file, not a directory",
                    "point the location at the directory that holds the migration files");
        }
        walk(directory, location.name(), (relative, file, size) -> new Found(
                new FileResource(relative, file.toString(), file, size), directory.toString()), found);
    }

    private interface FoundFactory {

        Found create(String relative, Path file, long size);
    }

    private void walk(Path directory, String locationName, FoundFactory factory, List<Found> found) {
        try {
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {

                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            // .git, .idea, ...: hidden directories are skipped, as hidden files are
                            return (!dir.equals(directory) && hidden(dir)) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (hidden(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            // a broken symbolic link is kept: reading it reports the file as unreadable
                            if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                                // the size the walk read already: asking the file system again costs a cold start
                                // a call per file
                                found.add(factory.create(relative(directory, file), file, attributes.size()));
                            }
                            else if (attributes.isOther()) {
                                throw notARegularFile(locationName, file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
                            if (ex instanceof FileSystemLoopException) {
                                warnings.accept("Symbolic link loop at " + file + " in migration location "
                                        + locationName + ": not followed");
                                return FileVisitResult.CONTINUE;
                            }
                            throw ex;
                        }
                    });
        }
        catch (IOException ex) {
            throw unreadable(locationName, ex);
        }
    }

    /**
     * @param locationName the location, as configured
     * @param file what it holds that is not a regular file
     * @return the error for a FIFO, device or socket found in a location, which reading could block on
     */
    public static ConfitureException notARegularFile(String locationName, Path file) {
        return new ConfitureException(ErrorCode.UNREADABLE_MIGRATION, "Migration location " + locationName + " holds "
                + file + ", which is not a regular file (a FIFO, a device or a socket): reading it could block or never "
                + "end", "Move it out of the migration location; nothing was read or run");
    }

    /** Whether a file or directory name starts with a dot, as hidden files and {@code .git} do. */
    static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /**
     * Whether a {@code /}-separated relative path has a segment that starts with a dot ({@code .git/...},
     * {@code .001_a.up.sql.swp}): such files are never migrations, wherever they are found.
     * @param relativePath the path below a location
     * @return whether it is hidden
     */
    public static boolean hidden(String relativePath) {
        return relativePath.startsWith(".") || relativePath.contains("/.");
    }

    private static Path fileOf(URL url) {
        try {
            return Path.of(url.toURI());
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            return Path.of(url.getPath());
        }
    }

    private static String relative(Path directory, Path file) {
        // the walk resolves every path against the directory's: a string operation names it (relativize, per file,
        // cost a cold start's scan of a thousand files a third of its time)
        String root = directory.toString();
        String path = file.toString();
        if (path.length() > root.length() + 1 && path.startsWith(root)
                && path.charAt(root.length()) == java.io.File.separatorChar) {
            String name = path.substring(root.length() + 1);
            return (java.io.File.separatorChar == '/') ? name : name.replace(java.io.File.separatorChar, '/');
        }
        Path relative = directory.relativize(file);
        List<String> parts = new ArrayList<>();
        for (Path part : relative) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    private static ConfitureException unreadable(String what, IOException ex) {
        return new ConfitureException(ErrorCode.UNREADABLE_MIGRATION,
                "Cannot read migration location " + what + ": " + ex, null,
                "check that the location exists and is readable by this process", ex);
    }

    /** Sorts by path and makes descriptions unique: two roots may hold the same classpath path. */
    private static List<MigrationResource> disambiguate(List<Found> found) {
        Map<String, Integer> counts = new HashMap<>();
        for (Found each : found) {
            counts.merge(each.resource().description(), 1, Integer::sum);
        }
        List<MigrationResource> resources = new ArrayList<>(found.size());
        for (Found each : found) {
            MigrationResource resource = each.resource();
            if (counts.getOrDefault(resource.description(), 0) > 1) {
                resource = new RenamedResource(resource, resource.description() + " (in " + each.root() + ")");
            }
            resources.add(resource);
        }
        resources.sort(Comparator.comparing(MigrationResource::path).thenComparing(MigrationResource::description));
        return List.copyOf(resources);
    }

    /**
     * A normalized location.
     * @param key identity, to read a location listed twice only once
     * @param path the classpath path, or the path as configured
     * @param directory the absolute directory of a filesystem location
     */
    private record Location(String key, String path, @Nullable Path directory) {

        boolean classpath() {
            return directory == null;
        }

        String name() {
            return classpath() ? key : FILESYSTEM + path;
        }
    }

    /** A resource and the root it was found in. */
    private record Found(MigrationResource resource, String root) {
    }

    /**
     * A file on the filesystem, read when asked.
     * @param size its size when the directory was walked (reading it checks the size of what it read)
     */
    private record FileResource(String path, String description, Path file, long size) implements MigrationResource {

        @Override
        public byte[] read() throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public java.io.InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A jar entry, read while the jar was open (the jar is not kept open). */
    private static final class JarEntryResource implements MigrationResource {

        private final String path;

        private final String description;

        private final byte @Nullable [] bytes;

        private final @Nullable IOException failure;

        JarEntryResource(String path, String description, byte @Nullable [] bytes, @Nullable IOException failure) {
            this.path = path;
            this.description = description;
            this.bytes = bytes;
            this.failure = failure;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public byte[] read() throws IOException {
            if (bytes == null) {
                throw new IOException("Cannot read " + description, failure);
            }
            return bytes.clone();
        }

        @Override
        public long size() {
            return (bytes != null) ? bytes.length : -1;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A resource under a more specific description. */
    private record RenamedResource(MigrationResource delegate, String description) implements MigrationResource {

        @Override
        public String path() {
            return delegate.path();
        }

        @Override
        public byte[] read() throws IOException {
            return delegate.read();
        }

        @Override
        public java.io.InputStream open() throws IOException {
            return delegate.open();
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
