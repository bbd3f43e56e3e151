package dev.confiture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the settings: flags win over environment variables, which win over the environment file,
 * which wins over the core defaults.
 *
 * <p>The environment file is {@code --config FILE}, else {@code <project-dir>/db/environments/<NAME>.yaml}
 * for {@code --env NAME} (or {@code CONFITURE_ENV}); without either, no file is read. The environment
 * written into events is the file's {@code name}, else {@code NAME}, else the core default
 * ({@code default}).
 *
 * <p>The schema locations (the DDL files of build and the schema commands) are {@code --schema-locations},
 * else {@code CONFITURE_SCHEMA_LOCATIONS}, else the file's {@code include_dirs} (relative paths are relative to
 * the project directory, as upstream reads them), else {@code <project-dir>/db/schema}.
 *
 * <p>User and password come from the most important source that gives them; within one source an
 * explicit user ({@code --user}, {@code CONFITURE_USER}) beats the one inside that source's URL.
 */
final class SettingsResolver {

    static final String URL = "CONFITURE_URL";
    static final String DATABASE_URL = "CONFITURE_DATABASE_URL";
    /** The ambient variable many platforms set; read only when no environment file is named, as upstream does. */
    static final String AMBIENT_URL = "DATABASE_URL";
    static final String USER = "CONFITURE_USER";
    static final String PASSWORD = "CONFITURE_PASSWORD";
    static final String ENV = "CONFITURE_ENV";
    static final String LOCATIONS = "CONFITURE_LOCATIONS";
    static final String SCHEMA = "CONFITURE_SCHEMA";
    static final String TABLE = "CONFITURE_TABLE";
    static final String LOCK_WAIT = "CONFITURE_LOCK_WAIT";
    static final String SCHEMA_LOCATIONS = "CONFITURE_SCHEMA_LOCATIONS";
    static final String CENTRAL_LOG_URL = "CONFITURE_CENTRAL_LOG_URL";
    static final String CENTRAL_LOG_USER = "CONFITURE_CENTRAL_LOG_USER";
    static final String CENTRAL_LOG_PASSWORD = "CONFITURE_CENTRAL_LOG_PASSWORD";

    /** Every environment variable the CLI reads (besides {@code ${VAR}} references in the file and NO_COLOR). */
    static final List<String> VARIABLES = List.of(URL, DATABASE_URL, AMBIENT_URL, USER, PASSWORD, ENV, LOCATIONS, SCHEMA,
            TABLE, LOCK_WAIT, SCHEMA_LOCATIONS);

    private final Map<String, String> environment;

    /**
     * @param environment the environment variables
     */
    SettingsResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Resolves everything, database URL included.
     * @param flags the flags
     * @return the settings
     * @throws UsageException when no source gives a database URL, or a value is invalid
     */
    Settings resolve(CliFlags flags) {
        String envName = first(blankToNull(flags.env()), variable(ENV));
        EnvironmentFile file = environmentFile(flags, envName);

        DatabaseUrl fromFlag = (flags.url() != null) ? DatabaseUrl.parse(flags.url(), "--url", environment) : null;
        DatabaseUrl fromVariable = (variable(URL) != null) ? DatabaseUrl.parse(variable(URL), URL, environment)
                : (variable(DATABASE_URL) != null) ? DatabaseUrl.parse(variable(DATABASE_URL), DATABASE_URL, environment) : null;
        DatabaseUrl fromFile = (file != null) ? file.databaseUrl() : null;
        boolean fileNamed = flags.config() != null || envName != null;
        if (fromFlag == null && variable(URL) == null && variable(DATABASE_URL) != null && fileNamed) {
            // upstream Confiture's rule (its CONFIG_007): two explicit sources are never silently reconciled
            throw new UsageException("Both " + DATABASE_URL + " and an environment file named with " + (flags.config()
                    != null ? "--config" : (flags.env() != null) ? "--env" : ENV) + " name the database: pass exactly "
                    + "one (unset " + DATABASE_URL + ", or drop the file), as upstream Confiture requires");
        }
        DatabaseUrl ambient = (!fileNamed && variable(AMBIENT_URL) != null)
                ? DatabaseUrl.parse(variable(AMBIENT_URL), AMBIENT_URL, environment) : null;
        DatabaseUrl url = first(fromFlag, fromVariable, fromFile, ambient);
        if (url == null) {
            throw new UsageException(missingUrl(file, envName));
        }
        String user = first(blankToNull(flags.user()), userOf(fromFlag), variable(USER), userOf(fromVariable),
                userOf(fromFile), userOf(ambient));
        String password = first(flags.password(), passwordOf(fromFlag), nonEmpty(environment.get(PASSWORD)),
                passwordOf(fromVariable), passwordOf(fromFile), passwordOf(ambient));

        List<String> locations = !flags.locations().isEmpty() ? filesystemByDefault(flags.locations())
                : (variable(LOCATIONS) != null) ? filesystemByDefault(split(variable(LOCATIONS)))
                : List.of("filesystem:" + flags.projectDir().resolve("db").resolve("migrations").normalize());
        TrackingTableName tracking = trackingTable(flags, file);
        String schema = tracking.schema();
        String table = tracking.table();
        Duration lockWait = first(flags.lockWait(),
                (variable(LOCK_WAIT) != null) ? Durations.parse(variable(LOCK_WAIT), LOCK_WAIT) : null,
                (file != null) ? file.lockWait() : null);
        String environmentName = first((file != null) ? file.name() : null, envName);
        List<String> schemaLocations;
        String schemaLocationsProblem = null;
        if (!flags.schemaLocations().isEmpty()) {
            schemaLocations = filesystemByDefault(flags.schemaLocations());
        }
        else if (variable(SCHEMA_LOCATIONS) != null) {
            schemaLocations = filesystemByDefault(split(variable(SCHEMA_LOCATIONS)));
        }
        else {
            schemaLocations = (file != null && !file.includeDirs().isEmpty())
                    ? file.includeDirs().stream().map(dir -> inProject(flags.projectDir(), dir)).toList()
                    : List.of("filesystem:" + flags.projectDir().resolve("db").resolve("schema").normalize());
            schemaLocationsProblem = (file != null) ? file.schemaDirsProblem() : null;
        }
        return new Settings(url.jdbcUrl(), user, password, environmentName, (file != null) ? file.path() : null,
                locations, schema, table, lockWait, flags.locations().isEmpty() && variable(LOCATIONS) == null,
                schemaLocations, schemaLocationsProblem,
                aliases(environmentName, envName, (file != null) ? file.path() : null), url == ambient,
                (file != null) ? file.placeholders() : Map.of());
    }

    /**
     * The tracking table as given: flag, variable, environment file; {@code null} parts take the core's defaults.
     *
     * @param schema its schema, or {@code null}
     * @param table its name, or {@code null}
     */
    record TrackingTableName(@Nullable String schema, @Nullable String table) {
    }

    /**
     * @param flags the flags (for the environment file)
     * @return the tracking table they name, without needing a database URL
     */
    TrackingTableName trackingTable(CliFlags flags) {
        return trackingTable(flags, environmentFile(flags, first(blankToNull(flags.env()), variable(ENV))));
    }

    private TrackingTableName trackingTable(CliFlags flags, @Nullable EnvironmentFile file) {
        return new TrackingTableName(first(blankToNull(flags.schema()), variable(SCHEMA), (file != null) ? file.schema() : null),
                first(blankToNull(flags.table()), variable(TABLE), (file != null) ? file.table() : null));
    }

    /**
     * The central migration log, where every event is written too and {@code fleet status} reads: {@code
     * --central-log-url}, else {@code CONFITURE_CENTRAL_LOG_URL}, else the environment file's {@code central_log_url};
     * the user from {@code --central-log-user}, {@code CONFITURE_CENTRAL_LOG_USER} or the URL, the password from
     * {@code CONFITURE_CENTRAL_LOG_PASSWORD} or the URL. Needs no database URL of its own.
     * @param flags the flags (for the environment file)
     * @param urlFlag {@code --central-log-url}, or {@code null}
     * @param userFlag {@code --central-log-user}, or {@code null}
     * @return the central log, or {@code null} when none is configured
     */
    @Nullable DatabaseUrl centralLog(CliFlags flags, @Nullable String urlFlag, @Nullable String userFlag) {
        EnvironmentFile file = environmentFile(flags, first(blankToNull(flags.env()), variable(ENV)));
        DatabaseUrl url = first((urlFlag != null) ? DatabaseUrl.parse(urlFlag, "--central-log-url", environment) : null,
                (variable(CENTRAL_LOG_URL) != null)
                        ? DatabaseUrl.parse(variable(CENTRAL_LOG_URL), CENTRAL_LOG_URL, environment) : null,
                (file != null) ? file.centralLogUrl() : null);
        if (url == null) {
            return null;
        }
        return new DatabaseUrl(url.jdbcUrl(), first(blankToNull(userFlag), variable(CENTRAL_LOG_USER), url.user()),
                first(nonEmpty(environment.get(CENTRAL_LOG_PASSWORD)), url.password()));
    }

    /**
     * A directory of the environment file: relative to the project directory unless absolute or prefixed.
     */
    private static String inProject(Path projectDir, String dir) {
        if (dir.matches("(?i)(classpath|filesystem):.*")) {
            return dir;
        }
        return "filesystem:" + projectDir.resolve(dir).normalize();
    }

    private @Nullable EnvironmentFile environmentFile(CliFlags flags, @Nullable String envName) {
        Path path;
        if (flags.config() != null) {
            path = flags.config();
        }
        else if (envName != null) {
            if (!envName.matches("[A-Za-z0-9_.-]+") || envName.startsWith(".")) {
                throw new UsageException("Environment name '" + envName + "' (--env or " + ENV + ") may only contain "
                        + "letters, digits, '_', '-' and '.'");
            }
            Path directory = flags.projectDir().resolve("db").resolve("environments");
            path = directory.resolve(envName + ".yaml");
            Path yml = directory.resolve(envName + ".yml");
            if (!Files.exists(path) && Files.isRegularFile(yml)) {
                path = yml;
            }
            if (!Files.exists(path)) {
                throw new UsageException("Environment file " + path + " for environment '" + envName
                        + "' does not exist; create it, pass --project-dir (the directory that contains db/), "
                        + "or pass --config FILE");
            }
        }
        else {
            return null;
        }
        return EnvironmentFile.load(path, environment);
    }

    /**
     * The names an environment was selected by besides the one its events record: {@code --env NAME} and the name of
     * an environment file given with {@code --config} ({@code production.yaml}: {@code production}). The approval gate
     * checks them all, so a file that declares another {@code name} cannot bypass it.
     */
    private static List<String> aliases(@Nullable String environmentName, @Nullable String envName,
            @Nullable Path file) {
        List<String> aliases = new ArrayList<>();
        if (envName != null) {
            aliases.add(envName);
        }
        if (file != null) {
            String fileName = file.getFileName().toString();
            aliases.add(fileName.replaceFirst("(?i)\\.ya?ml$", ""));
        }
        return aliases.stream().distinct().filter(alias -> !alias.equals(environmentName)).toList();
    }

    private static String missingUrl(@Nullable EnvironmentFile file, @Nullable String envName) {
        String fileHint = (file != null) ? "set database_url in " + file.path()
                : "set database_url in db/environments/<NAME>.yaml and pass --env <NAME>"
                        + ((envName != null) ? "" : " (or " + ENV + ")");
        return "No database URL: pass --url jdbc:postgresql://host:5432/database (or postgresql://user@host/database), "
                + "set " + URL + ", or " + fileHint;
    }

    private @Nullable String variable(String name) {
        return blankToNull(environment.get(name));
    }

    private static List<String> split(String locations) {
        return Arrays.stream(locations.split(",")).map(String::trim).filter(location -> !location.isEmpty()).toList();
    }

    /**
     * A location without a prefix is a directory: the CLI's class path holds no migrations.
     */
    private static List<String> filesystemByDefault(List<String> locations) {
        return locations.stream().map(location -> location.matches("(?i)(classpath|filesystem):.*") ? location
                : "filesystem:" + location).toList();
    }

    private static @Nullable String nonEmpty(@Nullable String value) {
        return (value == null || value.isEmpty()) ? null : value;
    }

    private static @Nullable String userOf(@Nullable DatabaseUrl url) {
        return (url != null) ? url.user() : null;
    }

    private static @Nullable String passwordOf(@Nullable DatabaseUrl url) {
        return (url != null) ? url.password() : null;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    @SafeVarargs
    private static <T> @Nullable T first(@Nullable T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
