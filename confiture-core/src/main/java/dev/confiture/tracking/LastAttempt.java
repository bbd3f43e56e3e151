package dev.confiture.tracking;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The most recent attempt to apply one migration, from the event log.
 *
 * @param attemptId the attempt (shared by the attempt's events, and by attempts that resume it)
 * @param version the version text
 * @param status {@code STARTED} for a non-transactional attempt that never ended (interrupted, or
 * still running), else how it ended
 * @param finishedAt when it ended, if it did
 * @param error the error, for failures
 * @param checksum the checksum of the file that was attempted, if recorded
 * @param transactional whether the attempt ran in one transaction
 * @param completedStatements statements of a non-transactional attempt that completed
 * @param statementCount statements in the file, for non-transactional attempts (0 otherwise)
 */
public record LastAttempt(UUID attemptId, String version, EventStatus status, @Nullable OffsetDateTime finishedAt,
        @Nullable String error, @Nullable String checksum, boolean transactional, int completedStatements,
        int statementCount) {

    /**
     * @return whether the attempt failed or never ended
     */
    public boolean unfinished() {
        return status != EventStatus.SUCCEEDED;
    }

    /**
     * @return whether the attempt succeeded
     */
    public boolean succeeded() {
        return status == EventStatus.SUCCEEDED;
    }
}
