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
 * @param fileStatements how many statements the file has, its own {@code BEGIN}/{@code COMMIT} included: the
 * "of N" in messages, which number statements as the file does
 * @param steps for a non-transactional plan, the units it runs in order: a single statement, or a transaction block
 * the file opens and ends itself ({@code BEGIN} ... {@code COMMIT} or {@code ROLLBACK}, both included), which runs
 * as written and is recorded as one; empty for a transactional plan
 */
public record ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason,
        int fileStatements, List<List<SqlStatement>> steps) {

    /**
     * @param transactional whether it runs in one transaction with its tracking row
     * @param statements the statements to send
     * @param nonTransactionalReason why it cannot run in a transaction, or {@code null}
     */
    public ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason) {
        this(transactional, statements, nonTransactionalReason, statements.size(),
                statements.stream().map(List::of).toList());
    }
}
