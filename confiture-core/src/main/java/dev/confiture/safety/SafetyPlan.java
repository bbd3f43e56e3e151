package dev.confiture.safety;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The zero-downtime analysis of every pending migration, in the order migrate would apply them, without running any,
 * with the size of each table they touch as the catalog estimates it.
 *
 * @param rulesVersion the version of the rule set applied ({@link SafetyRule#VERSION})
 * @param migrations one analysis per pending migration
 * @param relations the rows and bytes of each relation a statement locks, by name as written; absent when it does
 * not exist yet
 */
@JsonPropertyOrder({ "rules_version", "migrations", "relations" })
public record SafetyPlan(@JsonProperty("rules_version") int rulesVersion, List<MigrationAnalysis> migrations,
        Map<String, RelationSize> relations) {

    /**
     * Copies the list and the map.
     */
    public SafetyPlan {
        migrations = List.copyOf(migrations);
        relations = Collections.unmodifiableMap(new TreeMap<>(relations));
    }

    /**
     * A relation's size as the catalog estimates it.
     *
     * @param rows the estimated rows ({@code pg_class.reltuples}; -1 when never analysed)
     * @param bytes the size with its indexes and TOAST ({@code pg_total_relation_size})
     */
    public record RelationSize(long rows, long bytes) {
    }

    /** @return every finding of every migration */
    public List<Finding> findings() {
        return migrations.stream().flatMap(migration -> migration.findings().stream()).toList();
    }
}
