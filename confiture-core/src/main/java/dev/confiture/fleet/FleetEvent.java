package dev.confiture.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event as the central log received it.
 *
 * @param environment the environment that sent it
 * @param database the database it is about, {@code host:port/name}, or {@code null} when an older release sent it
 * @param kind {@code migrate}, {@code rollback}, {@code run}, ...
 * @param status {@code started}, {@code succeeded}, {@code failed} or {@code pending}
 * @param migrationId the migration's stable id, or {@code null} for a run's own events
 * @param slug the migration's slug, or {@code null}
 * @param host the host that sent it
 * @param application the application that sent it, or {@code null}
 * @param runId the run it belongs to
 * @param startedAt when it started, by the sending host's clock (ISO-8601)
 * @param finishedAt when it finished, by the sending host's clock, or {@code null}
 * @param receivedAt when the central database received it, by its own clock, or {@code null} for rows written before
 * the central log recorded it
 * @param error the error, or {@code null}
 */
@JsonPropertyOrder({ "environment", "database", "kind", "status", "migration_id", "slug", "host", "application", "run_id",
        "started_at", "finished_at", "received_at", "error" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetEvent(@Nullable String environment, @Nullable String database, String kind, String status,
        @JsonProperty("migration_id") @Nullable UUID migrationId, @Nullable String slug, @Nullable String host,
        @Nullable String application, @JsonProperty("run_id") @Nullable UUID runId,
        @JsonProperty("started_at") String startedAt, @JsonProperty("finished_at") @Nullable String finishedAt,
        @JsonProperty("received_at") @Nullable String receivedAt, @Nullable String error) {
}
