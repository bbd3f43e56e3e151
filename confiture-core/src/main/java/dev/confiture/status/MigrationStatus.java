package dev.confiture.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.migration.Impact;
import dev.confiture.migration.Risk;
import dev.confiture.state.MigrationState;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One migration in the status report. Values that are unknown are {@code null}, never left out.
 *
 * @param id the external id: the tracking row's id when applied, else the name-based id
 * @param pk the tracking row's {@code pk_confiture}, or {@code null} when not applied
 * @param slug {@code {version}_{name}}
 * @param version the version text
 * @param name the name
 * @param status the state
 * @param appliedAt when it was applied (ISO-8601, UTC), or {@code null}
 * @param executionTimeMs how long it ran, or {@code null}
 * @param appliedBy who applied it, or {@code null}
 * @param checksum sha256 hex of the up file (of the file when known, else as recorded)
 * @param risk the {@code risk} header, or {@code null}
 * @param impact the {@code impact} header, or {@code null}
 * @param durationEstimate the {@code duration} header as ISO-8601, or {@code null}
 * @param approval {@code required}, {@code approved} or {@code not_required}
 * @param transactional whether it runs in a transaction, or {@code null} when unknown (missing or unparsable file)
 * @param reversible whether a down migration exists
 * @param analysis for a pending SQL migration, its zero-downtime analysis (locks, rewrites, findings); else
 * {@code null}
 * @param phase the {@code phase} header ({@code expand} or {@code contract}), or {@code null}
 */
@JsonPropertyOrder({ "id", "pk", "slug", "version", "name", "status", "applied_at", "execution_time_ms", "applied_by",
        "checksum", "risk", "impact", "duration_estimate", "approval", "transactional", "reversible", "analysis", "phase" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MigrationStatus(UUID id, @Nullable Long pk, String slug, String version, String name,
        MigrationState status, @JsonProperty("applied_at") @Nullable String appliedAt,
        @JsonProperty("execution_time_ms") @Nullable Integer executionTimeMs,
        @JsonProperty("applied_by") @Nullable String appliedBy, @Nullable String checksum, @Nullable Risk risk,
        @Nullable Impact impact, @JsonProperty("duration_estimate") @Nullable String durationEstimate, String approval,
        @Nullable Boolean transactional, boolean reversible, dev.confiture.safety.@Nullable MigrationAnalysis analysis,
        dev.confiture.migration.@Nullable Phase phase) {
}
