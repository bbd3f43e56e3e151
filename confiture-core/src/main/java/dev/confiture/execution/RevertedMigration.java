package dev.confiture.execution;

import java.util.UUID;

/**
 * One migration that was reverted with its down script.
 *
 * @param id the migration's stable id
 * @param version the version text
 * @param name the name
 * @param slug {@code {version}_{name}}
 * @param executionTimeMs how long the down ran
 * @param transactional whether the down ran in one transaction with the removal of the tracking row
 */
public record RevertedMigration(UUID id, String version, String name, String slug, long executionTimeMs,
        boolean transactional) {
}
