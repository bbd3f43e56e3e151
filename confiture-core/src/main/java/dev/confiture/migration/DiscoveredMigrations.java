package dev.confiture.migration;

import dev.confiture.api.Problem;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The migrations found by {@link MigrationCatalog#resolve(List, List)} and the problems found on the
 * way. A migration with a problem is not in {@code migrations}.
 *
 * @param migrations the valid migrations, sorted by version
 * @param problems the problems, in a deterministic order (by source)
 * @param duplicateVersions for each version that more than one file or Java migration claims, their sources
 * @param misnamedFiles the {@code .sql} files that look like migrations but break the naming rule: they never run
 * @param pythonFiles upstream Confiture's Python migrations ({@code 003_move_data.py}), which this tool never runs
 * @param repeatables the valid repeatable migrations ({@code R__{name}.sql}), sorted by name
 * @param callbacks the SQL callback files, sorted by name (then by source)
 */
public record DiscoveredMigrations(List<ResolvedMigration> migrations, List<Problem> problems,
        Map<String, List<String>> duplicateVersions, List<String> misnamedFiles, List<String> pythonFiles,
        List<RepeatableMigration> repeatables, List<CallbackScript> callbacks) {

    /**
     * @param migrations the valid migrations, sorted by version (copied)
     * @param problems the problems (copied)
     * @param duplicateVersions sources by duplicated version (copied)
     * @param misnamedFiles the misnamed files (copied)
     * @param pythonFiles the Python migrations (copied)
     * @param repeatables the repeatable migrations (copied, sorted by name)
     * @param callbacks the SQL callback files (copied, sorted by name, then source)
     */
    public DiscoveredMigrations {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
        duplicateVersions = Collections.unmodifiableMap(new TreeMap<>(duplicateVersions));
        misnamedFiles = List.copyOf(misnamedFiles);
        pythonFiles = List.copyOf(pythonFiles);
        repeatables = repeatables.stream().sorted(java.util.Comparator.comparing(RepeatableMigration::name)).toList();
        callbacks = callbacks.stream().sorted(java.util.Comparator.comparing(CallbackScript::name)
                .thenComparing(CallbackScript::source)).toList();
    }

    /**
     * @param migrations the valid migrations, sorted by version
     * @param problems the problems
     */
    public DiscoveredMigrations(List<ResolvedMigration> migrations, List<Problem> problems) {
        this(migrations, problems, Map.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * @return whether any problem was found
     */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * @param version a version (compared numerically: {@code 1} finds {@code 001})
     * @return the migration with that version, or {@code null}
     */
    public @Nullable ResolvedMigration find(MigrationVersion version) {
        for (ResolvedMigration migration : migrations) {
            if (migration.version().equals(version)) {
                return migration;
            }
        }
        return null;
    }
}
