package dev.confiture.migration;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a new migration's files ({@code migrate new}): {@code {version}_{name}.up.sql} with its header lines, and
 * optionally the {@code .down.sql}, in a migrations directory. The version is the current UTC time
 * ({@code yyyyMMddHHmmss}, as upstream Confiture names files) unless given. A name that breaks the naming rule and a
 * version another migration has are refused; an existing file is never overwritten.
 */
public final class MigrationScaffold {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private MigrationScaffold() {
    }

    /**
     * The files written.
     * @param slug {@code {version}_{name}}
     * @param up the up file
     * @param down the down file, or {@code null}
     */
    public record Written(String slug, Path up, @Nullable Path down) {
    }

    /**
     * @param directory the migrations directory (created when missing)
     * @param name the migration's name ({@code [A-Za-z0-9_-]+})
     * @param version its version, digits only, or {@code null} for the current UTC time
     * @param withDown whether to write the {@code .down.sql} too
     * @param risk the {@code risk} header, or {@code null} for {@code low}
     * @param known the migrations the directory (and the other locations) already hold
     * @param clock the clock the version is read from
     * @return what was written
     * @throws ConfitureException {@link ErrorCode#INVALID_MIGRATION_NAME} for a bad name or version,
     * {@link ErrorCode#DUPLICATE_VERSION} when the version is taken, {@link ErrorCode#UNREADABLE_MIGRATION} when the
     * files cannot be written
     */
    public static Written write(Path directory, String name, @Nullable String version, boolean withDown,
            @Nullable Risk risk, DiscoveredMigrations known, Clock clock) {
        String header = "what this migration changes, and why.\n-- confiture: risk=" + ((risk != null) ? risk : Risk.LOW).value()
                + "\n\n";
        return write(directory, name, version, known, clock, slug -> "-- " + slug + ": " + header,
                withDown ? slug -> "-- Reverts " + slug + ".\n\n" : null);
    }

    /**
     * Writes a migration with the given contents, under the same rules.
     * @param directory the migrations directory (created when missing)
     * @param name the migration's name
     * @param version its version, digits only, or {@code null} for the current UTC time
     * @param known the migrations the directory (and the other locations) already hold
     * @param clock the clock the version is read from
     * @param up the up file's content, from the slug
     * @param down the down file's content, from the slug, or {@code null} for no down file
     * @return what was written
     * @throws ConfitureException as {@link #write(Path, String, String, boolean, Risk, DiscoveredMigrations, Clock)}
     */
    public static Written write(Path directory, String name, @Nullable String version, DiscoveredMigrations known,
            Clock clock, java.util.function.UnaryOperator<String> up, java.util.function.@Nullable UnaryOperator<String> down) {
        if (!MigrationFileName.isName(name)) {
            throw new ConfitureException(ErrorCode.INVALID_MIGRATION_NAME, "'" + name + "' is not a migration name: "
                    + MigrationFileName.NAME_CHARACTERS, "Use e.g. " + MigrationFileName.sanitize(name));
        }
        String chosen = (version != null) ? version.trim() : TIMESTAMP.format(clock.instant());
        if (!MigrationVersion.isDigits(chosen)) {
            throw new ConfitureException(ErrorCode.INVALID_MIGRATION_NAME, "Version '" + chosen + "' is not digits only",
                    "Give a version of digits, e.g. " + TIMESTAMP.format(clock.instant()) + ", or none for the current time");
        }
        ResolvedMigration taken = known.find(MigrationVersion.parse(chosen));
        if (taken != null) {
            throw new ConfitureException(ErrorCode.DUPLICATE_VERSION, "Version " + chosen + " is taken by " + taken.slug(),
                    (version != null) ? "Give another version" : "Run it again in a second: the version is the current time");
        }
        String slug = chosen + "_" + name;
        Path upFile = directory.resolve(slug + ".up.sql");
        Path downFile = (down != null) ? directory.resolve(slug + ".down.sql") : null;
        try {
            Files.createDirectories(directory);
            create(upFile, up.apply(slug));
            if (down != null && downFile != null) {
                create(downFile, down.apply(slug));
            }
        }
        catch (FileAlreadyExistsException ex) {
            throw new ConfitureException(ErrorCode.DUPLICATE_VERSION, ex.getFile() + " already exists",
                    "Give another name or version; an existing file is never overwritten");
        }
        catch (IOException ex) {
            throw new ConfitureException(ErrorCode.UNREADABLE_MIGRATION, "Could not write " + slug + " in " + directory
                    + ": " + ex.getMessage(), "Check that the directory exists and is writable");
        }
        return new Written(slug, upFile, downFile);
    }

    private static void create(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }
}
