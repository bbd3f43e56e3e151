package dev.confiture.tracking;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the event log {@code tb_confiture_event}, as {@code Confiture.history(int)} reads it.
 * Serializes to snake_case JSON; timestamps are ISO-8601 in UTC ({@code 2026-01-22T10:15:00.123Z}),
 * unknown values are {@code null}, never left out. The {@code details} column is not part of it.
 *
 * @param id the event id
 * @param runId the run (one call of an operation) it belongs to, or {@code null}
 * @param migrationId the migration's stable id, if the event concerns one migration
 * @param version the migration's version text, if any
 * @param slug the migration's slug, if any
 * @param kind what the event is about, e.g. {@code migrate}, {@code rollback}, {@code approval} (see {@link EventKind})
 * @param status how it ended: {@code started}, {@code pending}, {@code succeeded} or {@code failed} (see {@link EventStatus})
 * @param environment the environment that wrote it, if recorded
 * @param host the host that wrote it, if recorded
 * @param application the application that wrote it, if recorded
 * @param startedAt when the work began, in UTC
 * @param finishedAt when it ended, in UTC, if it did
 * @param durationMs how long it took, if it ended
 * @param error what went wrong, for failures
 */
@JsonPropertyOrder({ "id", "run_id", "migration_id", "version", "slug", "kind", "status", "environment", "host",
        "application", "started_at", "finished_at", "duration_ms", "error" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HistoryEntry(UUID id, @JsonProperty("run_id") @Nullable UUID runId,
        @JsonProperty("migration_id") @Nullable UUID migrationId, @Nullable String version, @Nullable String slug,
        String kind, String status, @Nullable String environment, @Nullable String host, @Nullable String application,
        @JsonProperty("started_at") @JsonFormat(shape = JsonFormat.Shape.STRING) OffsetDateTime startedAt,
        @JsonProperty("finished_at") @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable OffsetDateTime finishedAt,
        @JsonProperty("duration_ms") @Nullable Long durationMs, @Nullable String error) {

    /**
     * Normalizes both timestamps to UTC.
     * @param id the event id
     * @param runId the run, or {@code null}
     * @param migrationId the migration's id, or {@code null}
     * @param version the version text, or {@code null}
     * @param slug the slug, or {@code null}
     * @param kind the kind
     * @param status the status
     * @param environment the environment, or {@code null}
     * @param host the host, or {@code null}
     * @param application the application, or {@code null}
     * @param startedAt when the work began
     * @param finishedAt when it ended, or {@code null}
     * @param durationMs how long it took, or {@code null}
     * @param error the error, or {@code null}
     */
    public HistoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        startedAt = Objects.requireNonNull(startedAt, "startedAt").withOffsetSameInstant(ZoneOffset.UTC);
        finishedAt = (finishedAt != null) ? finishedAt.withOffsetSameInstant(ZoneOffset.UTC) : null;
    }
}
