package dev.confiture.api;

import java.util.UUID;

/**
 * One migration that migrate applied.
 *
 * @param id the migration's stable id
 * @param version the version text
 * @param name the name
 * @param slug {@code {version}_{name}}
 * @param executionTimeMs how long it ran
 * @param transactional whether it ran in one transaction
 * @param statements how many statements ran in this run
 * @param resumedStatements how many statements were skipped because an earlier, failed attempt of the
 * same file had completed them (non-transactional migrations only)
 * @param lockTimeoutRetries how often it was retried after hitting {@code lock_timeout}
 */
public record MigrationExecution(UUID id, String version, String name, String slug, long executionTimeMs,
        boolean transactional, int statements, int resumedStatements, int lockTimeoutRetries) {
}
