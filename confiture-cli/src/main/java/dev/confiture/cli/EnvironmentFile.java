package dev.confiture.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * An environment file in upstream Confiture's layout ({@code db/environments/<env>.yaml}). Only the
 * keys this tool understands are read; every other key (upstream files carry many) is ignored:
 *
 * <pre>
 * name: production                      # the environment written into events
 * database_url: postgresql://app:${DB_PASSWORD}@db.internal:5432/app   # or jdbc:postgresql://...
 * include_dirs:                         # the schema locations of build and the schema commands
 *   - db/schema/00_common               # relative to the project directory
 *   - path: db/schema/10_tables         # or an object with a path
 * migration:
 *   tracking_table: public.tb_confiture # or just the table
 *   locking:
 *     timeout_ms: 30000                 # how long to wait for another migrator (the lock wait)
 *   placeholders:                       # values of ${name} in SQL migrations (this tool's key; upstream ignores it)
 *     reader_role: app_reader
 * central_log_url: postgresql://ops:${CENTRAL_PASSWORD}@ops-db:5432/migrations  # the central log (this tool's key)
 * </pre>
 *
 * Values may use {@code ${VAR}} and {@code ${VAR:-default}}.
 *
 * <p>Schema directory settings this tool cannot read or honour (an {@code include_dirs} that is not a list of
 * directories, an include directory with {@code recursive: false} or another key than {@code path} and
 * {@code recursive}, {@code exclude_dirs} with entries) do not make the file invalid, since migration commands
 * do not need them: they are kept in {@link #schemaDirsProblem()}, and the commands that read the schema files
 * refuse to run with it rather than read other files than the file says.
 *
 * @param path the file
 * @param name the {@code name} key, or {@code null}
 * @param databaseUrl the {@code database_url} key, converted, or {@code null}
 * @param schema the schema part of {@code migration.tracking_table}, or {@code null}
 * @param table the table part of {@code migration.tracking_table}, or {@code null}
 * @param lockWait {@code migration.locking.timeout_ms}, or {@code null}
 * @param includeDirs the paths of {@code include_dirs}, as written (after {@code ${VAR}} substitution); empty
 * when the key is missing
 * @param schemaDirsProblem why the file's schema directories cannot be used as written (naming file, line and
 * key), or {@code null}
 * @param placeholders {@code migration.placeholders}: the values of placeholders in SQL migrations
 * @param centralLogUrl the {@code central_log_url} key, converted, or {@code null}
 */
record EnvironmentFile(Path path, @Nullable String name, @Nullable DatabaseUrl databaseUrl, @Nullable String schema,
        @Nullable String table, @Nullable Duration lockWait, List<String> includeDirs,
        @Nullable String schemaDirsProblem, Map<String, String> placeholders, @Nullable DatabaseUrl centralLogUrl) {

    /**
     * Copies the list and the map.
     */
    EnvironmentFile {
        includeDirs = List.copyOf(includeDirs);
        placeholders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placeholders));
    }

    /**
     * A file without schema directories.
     * @param path the file
     * @param name the {@code name} key, or {@code null}
     * @param databaseUrl the {@code database_url} key, or {@code null}
     * @param schema the tracking table's schema, or {@code null}
     * @param table the tracking table, or {@code null}
     * @param lockWait the lock wait, or {@code null}
     */
    EnvironmentFile(Path path, @Nullable String name, @Nullable DatabaseUrl databaseUrl, @Nullable String schema,
            @Nullable String table, @Nullable Duration lockWait) {
        this(path, name, databaseUrl, schema, table, lockWait, List.of(), null, Map.of(), null);
    }

    /**
     * Reads a file.
     * @param path the file
     * @param environment the environment variables, for {@code ${VAR}}
     * @return what it says
     * @throws UsageException naming the file (and line) when it is missing, unreadable, not YAML, or a
     * value this tool reads is invalid
     */
    static EnvironmentFile load(Path path, Map<String, String> environment) {
        if (!Files.isRegularFile(path)) {
            throw new UsageException("Environment file " + path + " does not exist"
                    + (Files.isDirectory(path) ? " (it is a directory)" : ""));
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        }
        catch (MarkedYAMLException ex) {
            Mark mark = (ex.getProblemMark() != null) ? ex.getProblemMark() : ex.getContextMark();
            throw new UsageException(path + ((mark != null) ? ", line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1) : "") + ": invalid YAML: " + describe(ex), ex);
        }
        catch (YAMLException ex) {
            throw new UsageException(path + ": invalid YAML: " + ex.getMessage(), ex);
        }
        catch (IOException ex) {
            throw new UsageException("Could not read environment file " + path + ": " + ex, ex);
        }
        return new Reading(path, environment).read(root);
    }

    private static String describe(MarkedYAMLException ex) {
        String context = ex.getContext();
        String problem = ex.getProblem();
        if (problem == null) {
            return String.valueOf(ex.getMessage());
        }
        return (context != null) ? context + ": " + problem : problem;
    }

    /** One file being read. */
    private record Reading(Path path, Map<String, String> environment) {

        EnvironmentFile read(@Nullable Node root) {
            if (root == null) {
                return new EnvironmentFile(path, null, null, null, null, null);
            }
            MappingNode top = mapping(root, "the file");
            String name = text(top, "name");
            String url = text(top, "database_url");
            DatabaseUrl databaseUrl = (url != null && !url.isBlank())
                    ? DatabaseUrl.parse(url, where(child(top, "database_url"), "database_url"), environment) : null;
            String schema = null;
            String table = null;
            Duration lockWait = null;
            Map<String, String> placeholders = new java.util.LinkedHashMap<>();
            Node migrationNode = child(top, "migration");
            if (migrationNode != null) {
                MappingNode migration = mapping(migrationNode, "migration");
                Node placeholdersNode = child(migration, "placeholders");
                if (placeholdersNode != null) {
                    MappingNode values = mapping(placeholdersNode, "migration.placeholders");
                    for (NodeTuple tuple : values.getValue()) {
                        if (tuple.getKeyNode() instanceof ScalarNode key) {
                            String value = text(values, key.getValue());
                            placeholders.put(key.getValue(), (value != null) ? value : "");
                        }
                    }
                }
                String trackingTable = text(migration, "tracking_table");
                if (trackingTable != null) {
                    String[] parts = trackingTable.trim().split("\\.", -1);
                    String where = where(child(migration, "tracking_table"), "migration.tracking_table");
                    if (parts.length > 2 || parts[parts.length - 1].isEmpty() || (parts.length == 2 && parts[0].isEmpty())) {
                        throw new UsageException(where + " is '" + trackingTable + "'; write schema.table or table, "
                                + "e.g. public.tb_confiture");
                    }
                    schema = (parts.length == 2) ? parts[0] : null;
                    table = parts[parts.length - 1];
                }
                Node lockingNode = child(migration, "locking");
                if (lockingNode != null) {
                    MappingNode locking = mapping(lockingNode, "migration.locking");
                    String timeout = text(locking, "timeout_ms");
                    if (timeout != null) {
                        String where = where(child(locking, "timeout_ms"), "migration.locking.timeout_ms");
                        if (!timeout.trim().matches("\\d{1,12}")) {
                            throw new UsageException(where + " is '" + timeout + "'; write a whole number of milliseconds");
                        }
                        lockWait = Duration.ofMillis(Long.parseLong(timeout.trim()));
                    }
                }
            }
            List<String> problems = new ArrayList<>();
            List<String> includeDirs = includeDirs(top, problems);
            Node excludeNode = child(top, "exclude_dirs");
            if (excludeNode != null && !(excludeNode instanceof SequenceNode sequence && sequence.getValue().isEmpty())
                    && !(excludeNode instanceof ScalarNode scalar && scalar.getValue().isBlank())) {
                problems.add(where(excludeNode, "exclude_dirs") + " is not supported: every .sql file under the schema "
                        + "directories is read");
            }
            String schemaDirsProblem = problems.isEmpty() ? null : String.join("; ", problems)
                    + ". List the directories to read in include_dirs (paths, or objects with a path), or pass "
                    + "--schema-locations (CONFITURE_SCHEMA_LOCATIONS)";
            String central = text(top, "central_log_url");
            DatabaseUrl centralLogUrl = (central != null && !central.isBlank()) ? DatabaseUrl.parse(central,
                    where(child(top, "central_log_url"), "central_log_url"), environment) : null;
            return new EnvironmentFile(path, (name != null && !name.isBlank()) ? name.trim() : null, databaseUrl,
                    schema, table, lockWait, includeDirs, schemaDirsProblem, placeholders, centralLogUrl);
        }

        /**
         * {@code include_dirs}: a list of paths, or of objects with a {@code path} (and {@code recursive: true},
         * which is what this tool does anyway). What cannot be read goes to {@code problems}.
         */
        private List<String> includeDirs(MappingNode top, List<String> problems) {
            Node node = child(top, "include_dirs");
            if (node == null) {
                return List.of();
            }
            if (!(node instanceof SequenceNode sequence)) {
                problems.add(where(node, "include_dirs") + " must be a list of directories, e.g. include_dirs: [db/schema]");
                return List.of();
            }
            List<String> dirs = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                try {
                    String dir = includeDir(item, problems);
                    if (dir != null) {
                        dirs.add(dir);
                    }
                }
                catch (UsageException ex) {
                    problems.add(ex.getMessage());
                }
            }
            return dirs;
        }

        private @Nullable String includeDir(Node item, List<String> problems) {
            Node pathNode = item;
            if (item instanceof MappingNode mapping) {
                pathNode = child(mapping, "path");
                for (NodeTuple tuple : mapping.getValue()) {
                    String key = (tuple.getKeyNode() instanceof ScalarNode scalar) ? scalar.getValue() : "?";
                    if (key.equals("recursive")) {
                        if (!(tuple.getValueNode() instanceof ScalarNode flag) || !flag.getValue().equalsIgnoreCase("true")) {
                            problems.add(where(tuple.getValueNode(), "include_dirs: recursive") + " is not true, but "
                                    + "subdirectories are always read");
                        }
                    }
                    else if (!key.equals("path")) {
                        problems.add(where(tuple.getKeyNode(), "include_dirs: " + key) + " is not supported");
                    }
                }
                if (pathNode == null) {
                    problems.add(where(item, "include_dirs") + " has an entry without a path; write - path: DIR, or "
                            + "just - DIR");
                    return null;
                }
            }
            if (!(pathNode instanceof ScalarNode scalar)) {
                problems.add(where(pathNode, "include_dirs") + " entries must be directories or objects with a path");
                return null;
            }
            String dir = Substitution.apply(scalar.getValue(), environment, where(pathNode, "include_dirs"));
            if (dir.isBlank()) {
                problems.add(where(pathNode, "include_dirs") + " has an empty directory");
                return null;
            }
            return dir.trim();
        }

        private MappingNode mapping(Node node, String key) {
            if (node instanceof MappingNode mapping) {
                return mapping;
            }
            throw new UsageException(where(node, key) + " must be a mapping (key: value lines)");
        }

        private @Nullable String text(MappingNode mapping, String key) {
            Node node = child(mapping, key);
            if (node == null) {
                return null;
            }
            if (!(node instanceof ScalarNode scalar)) {
                throw new UsageException(where(node, key) + " must be a single value, not a list or a mapping");
            }
            return Substitution.apply(scalar.getValue(), environment, where(node, key));
        }

        /**
         * @return the value of {@code key} (the last one when repeated), or {@code null} when the key is
         * missing or its value is empty or {@code ~}
         */
        private static @Nullable Node child(MappingNode mapping, String key) {
            Node found = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    found = tuple.getValueNode();
                }
            }
            if (found instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                return null;
            }
            return found;
        }

        private String where(@Nullable Node node, String key) {
            return path + ((node != null) ? ", line " + (node.getStartMark().getLine() + 1) : "") + ": " + key;
        }
    }
}
