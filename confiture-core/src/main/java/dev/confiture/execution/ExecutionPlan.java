package dev.confiture.execution;

import dev.confiture.sql.SqlStatement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one migration runs.
 *
 * @param transactional whether it runs in one transaction with its tracking row
 * @param statements the statements to send, in order (empty for Java migrations); in a transactional
 * plan the script's own {@code BEGIN}/{@code COMMIT} are left out, because the migration's transaction
 * replaces them
 * @param nonTransactionalReason why it cannot run in a transaction, or {@code null}
 */
public record ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason) {
}
