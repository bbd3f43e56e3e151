package dev.confiture.migration;

import dev.confiture.api.CallbackEvent;

/**
 * An SQL callback file, e.g. {@code afterMigrate.sql} or {@code afterMigrate__refresh_grants.sql}.
 *
 * @param event when it runs
 * @param name the file name without {@code .sql}, e.g. {@code afterMigrate__refresh_grants}; callbacks of one event
 * run in this order
 * @param source the file's description
 * @param script the file
 * @param metadata the file's headers
 */
public record CallbackScript(CallbackEvent event, String name, String source, ScriptFile script,
        MigrationMetadata metadata) {
}
