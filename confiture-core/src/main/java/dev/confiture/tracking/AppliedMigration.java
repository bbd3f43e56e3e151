package dev.confiture.tracking;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the tracking table: a migration that is applied.
 *
 * @param id the external id (name-based for migrations Confiture applied, random for rows other tools wrote)
 * @param pk the internal identity, in application order
 * @param slug {@code {version}_{name}}
 * @param version the version as written in the file name
 * @param name the name
 * @param appliedAt when it was applied
 * @param executionTimeMs how long it ran, if recorded
 * @param checksum sha256 hex of the up file's bytes, if recorded
 * @param appliedBy who applied it, if recorded
 */
public record AppliedMigration(UUID id, long pk, String slug, String version, String name, OffsetDateTime appliedAt,
        @Nullable Integer executionTimeMs, @Nullable String checksum, @Nullable String appliedBy) {
}
