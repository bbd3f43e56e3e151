package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.TransactionControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The steps of a non-transactional migration: its statements one by one, except where the file opens a
 * transaction block itself ({@code BEGIN} ... {@code COMMIT}/{@code END}, or {@code ROLLBACK}/{@code ABORT}): such a
 * block is one step, run as written, so its statements commit together or not at all. A block that is never ended,
 * a block inside a block, an end without a block, {@code AND CHAIN}, and a statement PostgreSQL refuses inside a
 * transaction block placed inside one are errors naming the line, found before anything runs.
 */
final class TransactionBlocks {

    private static final Pattern AND_CHAIN = Pattern.compile("\\bAND\\s+CHAIN\\s*$", Pattern.CASE_INSENSITIVE);

    private TransactionBlocks() {
    }

    static List<List<SqlStatement>> steps(List<SqlStatement> statements, String source) {
        List<List<SqlStatement>> steps = new ArrayList<>();
        List<SqlStatement> block = null;
        for (SqlStatement statement : statements) {
            TransactionControl control = statement.transactionControl();
            if (control != TransactionControl.NONE && AND_CHAIN.matcher(statement.sql()).find()) {
                throw refuse(statement, source, statement.sql().toUpperCase(Locale.ROOT).split("\\s+")[0]
                        + " AND CHAIN opens a new transaction block at once, which a non-transactional migration does "
                        + "not follow", "End the block with COMMIT (or ROLLBACK) and open the next one with BEGIN");
            }
            if (control == TransactionControl.BEGIN) {
                if (block != null) {
                    throw refuse(statement, source, "BEGIN inside the transaction block opened at line "
                            + block.get(0).line(), "End the first block with COMMIT before opening another one");
                }
                block = new ArrayList<>(List.of(statement));
            }
            else if (control == TransactionControl.COMMIT || control == TransactionControl.ROLLBACK) {
                if (block == null) {
                    throw refuse(statement, source, statement.summary() + " ends no transaction block: no BEGIN opens one "
                            + "before it", "Remove it, or open the block with BEGIN where it starts");
                }
                block.add(statement);
                steps.add(List.copyOf(block));
                block = null;
            }
            else if (block != null) {
                if (statement.nonTransactionalReason() != null) {
                    throw refuse(statement, source, statement.nonTransactionalReason() + ", and the file runs it inside "
                            + "the transaction block opened at line " + block.get(0).line(),
                            "Move it out of the block (after its COMMIT)");
                }
                block.add(statement);
            }
            else {
                steps.add(List.of(statement));
            }
        }
        if (block != null) {
            throw refuse(block.get(0), source, "The transaction block opened here is never ended: no COMMIT or ROLLBACK "
                    + "follows it", "End it with COMMIT; where its work is complete");
        }
        return List.copyOf(steps);
    }

    private static ConfitureException refuse(SqlStatement statement, String source, String problem, String hint) {
        return new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, problem, statement.location(source),
                hint + "; nothing was run", null);
    }
}
