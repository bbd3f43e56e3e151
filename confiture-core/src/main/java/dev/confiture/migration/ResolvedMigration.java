package dev.confiture.migration;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A migration known to this program: an up file (with its optional down file) or a Java
 * {@link Migration}.
 *
 * @param version the version
 * @param name the name
 * @param slug {@code version.text() + "_" + name}, e.g. {@code 001_init}
 * @param type SQL files or Java
 * @param checksum sha256 hex of the up file's raw bytes; for Java, {@link Migration#checksum()}
 * @param metadata from the up file's headers, or {@link Migration#metadata()}
 * @param source the up file's description, or the Java class name
 * @param up the up file (SQL only)
 * @param down the down file, if any (SQL only)
 * @param java the Java migration (Java only)
 */
public record ResolvedMigration(MigrationVersion version, String name, String slug, MigrationType type,
        @Nullable String checksum, MigrationMetadata metadata, String source, @Nullable ScriptFile up,
        @Nullable ScriptFile down, @Nullable Migration java) {

    /**
     * Checks that the components fit the type.
     * @param version the version
     * @param name the name
     * @param slug {@code version.text() + "_" + name}
     * @param type the type
     * @param checksum the checksum
     * @param metadata the metadata
     * @param source the source
     * @param up the up file, required for {@link MigrationType#SQL}
     * @param down the down file
     * @param java the Java migration, required for {@link MigrationType#JAVA}
     */
    public ResolvedMigration {
        if (type == MigrationType.SQL && (up == null || java != null)) {
            throw new IllegalArgumentException("An SQL migration has an up file and no Java migration: " + slug);
        }
        if (type == MigrationType.JAVA && (java == null || up != null || down != null)) {
            throw new IllegalArgumentException("A Java migration has a Java migration and no files: " + slug);
        }
    }

    /**
     * The id of its tracking row and events, computed when asked for: a startup check with everything applied never
     * needs it, and a thousand SHA-1s in a cold JVM cost it 5 % of its {@code migrate()} (benchmark P8).
     * @return {@link MigrationIds#idOf(String) MigrationIds.idOf(slug)}
     */
    public UUID id() {
        return MigrationIds.idOf(slug);
    }

    /**
     * @return whether the migration can be reverted: a down file is present, or the Java migration
     * says it is {@link Migration#reversible() reversible}
     */
    public boolean reversible() {
        return down != null || (java != null && java.reversible());
    }
}
