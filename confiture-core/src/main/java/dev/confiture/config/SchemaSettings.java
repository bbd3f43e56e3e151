package dev.confiture.config;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.migration.MigrationResource;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The DDL files that build from DDL, schema validation, lint and drift read, and how they are checked.
 * @param locations where the DDL files live
 * @param resources supplies the files instead of scanning {@code locations} ({@code null}: scan)
 * @param disabledLintRules ids of the lint rules switched off
 * @param scratchDataSources how to reach a scratch database on the same server ({@code null}: derived from the
 * DataSource)
 */
public record SchemaSettings(List<String> locations, @Nullable Supplier<List<MigrationResource>> resources,
        Set<String> disabledLintRules, @Nullable ScratchDataSources scratchDataSources) {

    /** The defaults: {@code filesystem:db/schema}, every lint rule on. */
    public static final SchemaSettings DEFAULTS = new SchemaSettings(List.of("filesystem:db/schema"), null, Set.of(), null);

    /**
     * @throws ConfitureException {@link ErrorCode#INVALID_CONFIGURATION} for a lint rule that does not exist
     */
    public SchemaSettings {
        locations = List.copyOf(locations);
        for (String id : disabledLintRules) {
            if (LintRule.byId(id) == null) {
                throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "Unknown lint rule '" + id + "'",
                        "Switch off only rules that exist (ConfitureConfiguration.disabledLintRules): " + LintRule.ids());
            }
        }
        disabledLintRules = Collections.unmodifiableSet(new LinkedHashSet<>(disabledLintRules));
    }
}
