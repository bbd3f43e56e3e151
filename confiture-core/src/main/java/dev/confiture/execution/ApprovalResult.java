package dev.confiture.execution;

import java.time.Instant;

/**
 * An approval recorded for one migration file.
 *
 * @param version the version text
 * @param slug {@code {version}_{name}}
 * @param checksum the checksum of the file approved: a changed file needs a new approval
 * @param approvedBy who approved it
 * @param approvedAt when
 */
public record ApprovalResult(String version, String slug, String checksum, String approvedBy, Instant approvedAt) {
}
