package dev.confiture.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What build from DDL did: the schema files it applied (in order) and the migrations it recorded as
 * applied, all in one transaction.
 *
 * @param files the descriptions of the applied schema files, in build order
 * @param statements how many statements ran
 * @param baselineVersion the newest known migration, which the database is now at, or {@code null} when there
 * are no migrations
 * @param baselined the slugs of the migrations recorded as applied, by version
 * @param ms how long the build took, in milliseconds
 */
@JsonPropertyOrder({ "files", "statements", "baseline_version", "baselined", "duration_ms" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildResult(List<String> files, int statements, @JsonProperty("baseline_version") @Nullable String baselineVersion,
        List<String> baselined, @JsonProperty("duration_ms") long ms) {

    /**
     * @param files the applied files (copied)
     * @param statements the statement count
     * @param baselineVersion the newest known migration, or {@code null}
     * @param baselined the baselined slugs (copied)
     * @param ms the duration
     */
    public BuildResult {
        files = List.copyOf(files);
        baselined = List.copyOf(baselined);
    }
}
