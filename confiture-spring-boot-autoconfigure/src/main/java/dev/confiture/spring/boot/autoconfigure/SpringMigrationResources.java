package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.migration.LocationScanner;
import dev.confiture.migration.MigrationResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Finds migration files through Spring's resource scanning, so locations inside an executable
 * Spring Boot jar (nested jars) work like directories. {@code classpath:db/migration} searches
 * every classpath root ({@code classpath*:}); {@code filesystem:dir} searches a directory with core's
 * {@link LocationScanner}, as a plain {@code Confiture} walks it (a location that is a file, an unreadable file or
 * directory, a broken symbolic link are errors there, not skipped). A FIFO, device or socket in a directory is refused
 * before anything reads it, in either kind of location (Spring's resolver lists it as a readable file, and reading it
 * blocks until a writer comes).
 */
final class SpringMigrationResources implements Supplier<List<MigrationResource>> {

    private static final Logger logger = LoggerFactory.getLogger(SpringMigrationResources.class);

    private static final String CLASSPATH = "classpath:";

    private static final String FILESYSTEM = "filesystem:";

    private final ResourcePatternResolver resolver;

    private final List<String> locations;

    private final boolean failOnMissingLocations;

    SpringMigrationResources(ResourcePatternResolver resolver, List<String> locations, boolean failOnMissingLocations) {
        this.resolver = resolver;
        this.locations = List.copyOf(locations);
        this.failOnMissingLocations = failOnMissingLocations;
    }

    @Override
    public List<MigrationResource> get() {
        List<MigrationResource> found = new ArrayList<>();
        // one location written twice (classpath:db/migration and classpath:/db/migration/) is read once: its files
        // would otherwise all be duplicates of themselves
        Set<String> scanned = new HashSet<>();
        for (String location : locations) {
            found.addAll(scan(location.strip(), scanned));
        }
        found.sort(Comparator.comparing(MigrationResource::description));
        return found;
    }

    private List<MigrationResource> scan(String location, Set<String> scanned) {
        String lower = location.toLowerCase(Locale.ROOT);
        boolean filesystem = lower.startsWith(FILESYSTEM);
        String path = (filesystem ? location.substring(FILESYSTEM.length())
                : lower.startsWith(CLASSPATH) ? location.substring(CLASSPATH.length()) : location).strip();
        if (!filesystem && location.contains(":") && !lower.startsWith(CLASSPATH)) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The migration location '" + location
                    + "' has an unknown prefix", "Use classpath:some/path or filesystem:some/dir in confiture.locations");
        }
        path = filesystem ? trimTrailingSlashes(path) : trimTrailingSlashes(trimLeadingSlashes(path));
        if (!scanned.add(filesystem ? FILESYSTEM + absolute(path) : CLASSPATH + path)) {
            return List.of();
        }
        List<MigrationResource> resources = filesystem ? scanDirectory(location, path) : scanClasspath(location, path);
        if (resources.isEmpty()) {
            missing(location);
        }
        return resources;
    }

    private List<MigrationResource> scanClasspath(String location, String path) {
        List<MigrationResource> resources = new ArrayList<>();
        try {
            for (Resource resource : resolver.getResources("classpath*:" + path + "/**/*")) {
                String relative = relativeClasspathPath(resource, path);
                // .git, .idea, editor backups: hidden files and directories are skipped, as in core
                if (relative == null || LocationScanner.hidden(relative)) {
                    continue;
                }
                refuseIfNotRegular(resource, CLASSPATH + path);
                // a file of a classpath directory is kept even when it cannot be read (a broken symbolic link, no
                // permission): reading it then names it, as core's walk of a directory does, where skipping it
                // would leave a migration out without a word
                if (resource.isReadable() || resource.isFile()) {
                    resources.add(new SpringResource(resource, relative, CLASSPATH + path + "/" + relative));
                }
            }
        }
        catch (IOException ex) {
            throw new ConfitureException(ErrorCode.UNREADABLE_MIGRATION, "Could not list the migration location '"
                    + location + "': " + ex.getMessage(), null, "Check that confiture.locations names a readable location", ex);
        }
        return resources;
    }

    /** The directory as core names its files ({@code x}, {@code ./x} and {@code /abs/x} are one); as written if invalid. */
    private static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        }
        catch (InvalidPathException ex) {
            // reported by the scan, with the location
            return path;
        }
    }

    private void missing(String location) {
        if (failOnMissingLocations) {
            throw new ConfitureException(ErrorCode.LOCATION_NOT_FOUND, "The migration location '" + location
                    + "' does not exist or holds no files", "Create it, fix confiture.locations, or set "
                            + "confiture.fail-on-missing-locations=false");
        }
        logger.warn("The migration location '{}' does not exist or holds no files", location);
    }

    /**
     * @return the path below the location, or {@code null} for a directory entry
     */
    private static @Nullable String relativeClasspathPath(Resource resource, String locationPath) throws IOException {
        String url = resource.getURL().toString();
        if (url.endsWith("/")) {
            return null;
        }
        String marker = "/" + locationPath + "/";
        int at = url.lastIndexOf(marker);
        return (at >= 0) ? url.substring(at + marker.length()) : resource.getFilename();
    }

    /** A FIFO, device or socket in a classpath directory (not in a jar), refused as core refuses it. */
    private static void refuseIfNotRegular(Resource resource, String locationName) throws IOException {
        if (resource.isFile()) {
            Path file = resource.getFile().toPath();
            // a broken symbolic link is kept, and named when read
            if (Files.exists(file) && Files.readAttributes(file, BasicFileAttributes.class).isOther()) {
                throw LocationScanner.notARegularFile(locationName, file);
            }
        }
    }

    private List<MigrationResource> scanDirectory(String location, String path) {
        boolean exists;
        try {
            exists = Files.exists(Path.of(path));
        }
        catch (InvalidPathException ex) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The migration location '" + location
                    + "' is not a valid path: " + ex.getMessage(), "Fix it in confiture.locations");
        }
        // a missing directory is reported by the caller, in the starter's words, as an empty one is
        return exists ? new LocationScanner(SpringMigrationResources.class.getClassLoader(), failOnMissingLocations)
                .scan(List.of(FILESYSTEM + path)) : List.of();
    }

    private static String trimLeadingSlashes(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        return trimmed;
    }

    private static String trimTrailingSlashes(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private record SpringResource(Resource resource, String path, String description) implements MigrationResource {

        @Override
        public byte[] read() throws IOException {
            return resource.getContentAsByteArray();
        }

        @Override
        public java.io.InputStream open() throws IOException {
            return resource.getInputStream();
        }

        @Override
        public long size() {
            try {
                return resource.contentLength();
            }
            catch (IOException ex) {
                return -1;
            }
        }
    }
}
