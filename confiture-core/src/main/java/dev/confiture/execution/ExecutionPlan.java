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
 * @param streamed for a file too large to hold, the statements read from it as they run: then {@code statements} is
 * empty, and the plan is transactional
 */
public record ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason,
        int fileStatements, List<List<SqlStatement>> steps, @Nullable StreamedScript streamed) {

    /**
     * A plan whose statements are held.
     * @param transactional whether it runs in one transaction with its tracking row
     * @param statements the statements to send
     * @param nonTransactionalReason why it cannot run in a transaction, or {@code null}
     * @param fileStatements how many statements the file has
     * @param steps the units a non-transactional plan runs in
     */
    public ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason,
            int fileStatements, List<List<SqlStatement>> steps) {
        this(transactional, statements, nonTransactionalReason, fileStatements, steps, null);
    }

    /**
     * @param transactional whether it runs in one transaction with its tracking row
     * @param statements the statements to send
     * @param nonTransactionalReason why it cannot run in a transaction, or {@code null}
     */
    public ExecutionPlan(boolean transactional, List<SqlStatement> statements, @Nullable String nonTransactionalReason) {
        this(transactional, statements, nonTransactionalReason, statements.size(),
                statements.stream().map(List::of).toList());
    }

    /**
     * A transactional plan of a file too large to hold.
     * @param streamed its statements, read as they run
     * @param fileStatements how many statements the file has
     * @return the plan
     */
    static ExecutionPlan streamed(StreamedScript streamed, int fileStatements) {
        return new ExecutionPlan(true, List.of(), null, fileStatements, List.of(), streamed);
    }

    /** @return how many statements it sends */
    public int sentStatements() {
        return (streamed != null) ? streamed.statements() : statements.size();
    }
}
