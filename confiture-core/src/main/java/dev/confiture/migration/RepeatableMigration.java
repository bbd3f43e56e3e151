package dev.confiture.migration;

import java.util.UUID;

/**
 * A repeatable migration, {@code R__{name}.sql}: views, functions, procedures and grants written as a whole, applied
 * after the versioned migrations of a run whenever its file changed (and on the first run), in name order.
 *
 * @param name the name, e.g. {@code refresh_views}
 * @param slug {@code R__} and the name, as events and status name it
 * @param id {@link MigrationIds#idOf(String) MigrationIds.idOf(slug)}
 * @param checksum sha256 hex of the file's raw bytes
 * @param metadata the file's headers
 * @param source the file's description
 * @param script the file
 */
public record RepeatableMigration(String name, String slug, UUID id, String checksum, MigrationMetadata metadata,
        String source, ScriptFile script) {

    /** The prefix of a repeatable migration's file name, as Flyway spells it. */
    public static final String PREFIX = "R__";
}
