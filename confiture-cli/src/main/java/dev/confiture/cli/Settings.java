package dev.confiture.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the CLI connects to and how, after flags, environment variables and the environment file are
 * resolved ({@link SettingsResolver}). {@code null} means "the core default".
 *
 * @param jdbcUrl the JDBC URL (never with a password)
 * @param user the database user, or {@code null} for the URL's or the driver's default
 * @param password the password, or {@code null}
 * @param environment the environment written into events, or {@code null} for {@code default}
 * @param environmentFile the environment file read, or {@code null}
 * @param locations where migration files are
 * @param schema the tracking table's schema, or {@code null} for {@code public}
 * @param table the tracking table, or {@code null} for {@code tb_confiture}
 * @param lockWait how long to wait for another migrator, or {@code null} for 5 minutes
 * @param defaultLocations whether {@code locations} is the default, {@code <project-dir>/db/migrations}
 * @param schemaLocations where the schema files (DDL) of build and the schema commands are
 * @param schemaLocationsProblem why the environment file's schema directories cannot be used (naming file, line
 * and key), or {@code null}; set only when no flag or variable overrides them
 * @param environmentAliases the name the environment was selected by ({@code --env}, {@code CONFITURE_ENV}) when
 * its file declares another {@code name}: the approval gate checks both
 * @param urlFromAmbientVariable whether the database came only from the ambient {@code DATABASE_URL}, which commands
 * that change the database refuse
 * @param placeholders the environment file's placeholder values ({@code migration.placeholders})
 */
record Settings(String jdbcUrl, @Nullable String user, @Nullable String password, @Nullable String environment,
        @Nullable Path environmentFile, List<String> locations, @Nullable String schema, @Nullable String table,
        @Nullable Duration lockWait, boolean defaultLocations, List<String> schemaLocations,
        @Nullable String schemaLocationsProblem, List<String> environmentAliases, boolean urlFromAmbientVariable,
        Map<String, String> placeholders) {

    /**
     * Copies the lists.
     */
    Settings {
        environmentAliases = List.copyOf(environmentAliases);
        locations = List.copyOf(locations);
        schemaLocations = List.copyOf(schemaLocations);
        placeholders = Map.copyOf(placeholders);
    }

    /**
     * The same settings for another database (one of {@code --databases}): its URL, its user and password when it
     * names them (else these), and its environment when it has one.
     * @param database the database
     * @param environmentName its environment, or {@code null} for this one's
     * @return the settings
     */
    Settings withDatabase(DatabaseUrl database, @Nullable String environmentName) {
        return new Settings(database.jdbcUrl(), (database.user() != null) ? database.user() : user,
                (database.password() != null) ? database.password() : password,
                (environmentName != null) ? environmentName : environment, environmentFile, locations, schema, table,
                lockWait, defaultLocations, schemaLocations, schemaLocationsProblem,
                (environmentName != null) ? List.of() : environmentAliases, false, placeholders);
    }

    /**
     * @return the settings without the password, for messages
     */
    @Override
    public String toString() {
        return "Settings[url=" + jdbcUrl + ", user=" + user + ", password=" + ((password != null) ? "***" : null)
                + ", environment=" + environment + ", environmentFile=" + environmentFile + ", locations=" + locations
                + ", schema=" + schema + ", table=" + table + ", lockWait=" + lockWait + ", schemaLocations="
                + schemaLocations + "]";
    }
}
