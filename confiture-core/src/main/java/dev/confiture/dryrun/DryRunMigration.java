package dev.confiture.dryrun;

import dev.confiture.api.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the dry run found for one pending migration.
 *
 * @param id the migration's stable id (the one its tracking row will have)
 * @param version the version text
 * @param name the name
 * @param slug {@code {version}_{name}}
 * @param outcome what the dry run did with it
 * @param reason why it was not executed ({@link DryRunOutcome#NOT_DRY_RUNNABLE} or
 * {@link DryRunOutcome#SKIPPED}), else {@code null}
 * @param executionTimeMs how long its statements (or its Java {@code up}) ran, measured on the
 * server round trips; {@code 0} when it was not executed
 * @param locks the locks it newly took: held by the dry run's transaction just before the rollback
 * and not already held before this migration ran (locks an earlier migration of the same dry run
 * took are reported there, not again here); empty when it was not executed or failed
 * @param statements the SQL of each statement as sent to the server (as written in the file, without
 * the terminating {@code ;} and without the file's own {@code BEGIN}/{@code COMMIT}); empty for Java
 * migrations
 * @param error for {@link DryRunOutcome#FAILED}: the server's message and SQLSTATE
 * @param errorLocation for {@link DryRunOutcome#FAILED}: where in the file the error is (the
 * server's error position when it gives one, else the start of the failing statement); {@code null}
 * for Java migrations
 */
public record DryRunMigration(UUID id, String version, String name, String slug, DryRunOutcome outcome,
        @Nullable String reason, long executionTimeMs, List<HeldLock> locks, List<String> statements,
        @Nullable String error, @Nullable SourceLocation errorLocation) {

    /**
     * Copies the lists.
     * @param id the id
     * @param version the version text
     * @param name the name
     * @param slug the slug
     * @param outcome the outcome
     * @param reason why it was not executed, or {@code null}
     * @param executionTimeMs the execution time
     * @param locks the locks it newly took
     * @param statements the statements
     * @param error the error, or {@code null}
     * @param errorLocation where the error is, or {@code null}
     */
    public DryRunMigration {
        Objects.requireNonNull(outcome, "outcome");
        locks = List.copyOf(locks);
        statements = List.copyOf(statements);
    }
}
