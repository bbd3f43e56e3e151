package dev.confiture.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the event log.
 *
 * @param id the event id
 * @param runId the run it belongs to (one call of an operation)
 * @param migrationId the migration's id, if the event concerns one migration
 * @param version the migration's version text, if any
 * @param slug the migration's slug, if any
 * @param kind what the event is about
 * @param status how it ended
 * @param startedAt when the work began
 * @param finishedAt when it ended, if it did
 * @param durationMs how long it took, if it ended
 * @param error what went wrong, for failures
 * @param details structured facts (statement numbers, checksum, ...), stored as JSONB
 */
public record MigrationEvent(UUID id, UUID runId, @Nullable UUID migrationId, @Nullable String version,
        @Nullable String slug, EventKind kind, EventStatus status, Instant startedAt, @Nullable Instant finishedAt,
        @Nullable Long durationMs, @Nullable String error, Map<String, Object> details) {
}
