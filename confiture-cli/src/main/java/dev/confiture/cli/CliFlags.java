package dev.confiture.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The global flags as given on the command line; {@code null} (or an empty list) where not given.
 *
 * @param url {@code --url}
 * @param user {@code --user}
 * @param password {@code --password}
 * @param env {@code --env}
 * @param config {@code --config}
 * @param projectDir {@code --project-dir} (default {@code .})
 * @param locations {@code --locations}
 * @param schema {@code --schema}
 * @param table {@code --table}
 * @param lockWait {@code --lock-wait}
 * @param schemaLocations {@code --schema-locations} (alias {@code --schema-dir})
 */
record CliFlags(@Nullable String url, @Nullable String user, @Nullable String password, @Nullable String env,
        @Nullable Path config, Path projectDir, List<String> locations, @Nullable String schema, @Nullable String table,
        @Nullable Duration lockWait, List<String> schemaLocations) {

    /**
     * Copies the list.
     */
    CliFlags {
        locations = List.copyOf(locations);
        schemaLocations = List.copyOf(schemaLocations);
    }

    /**
     * @param otherUrl the URL
     * @return the same flags with another {@code --url}
     */
    CliFlags withUrl(String otherUrl) {
        return new CliFlags(otherUrl, user, password, env, config, projectDir, locations, schema, table, lockWait,
                schemaLocations);
    }

    /**
     * @return no flag given, project directory {@code .}
     */
    static CliFlags none() {
        return new CliFlags(null, null, null, null, null, Path.of("."), List.of(), null, null, null, List.of());
    }
}
