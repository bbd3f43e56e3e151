package dev.confiture.sql;

/**
 * Recognizes the statements that open or end a transaction block, from their first tokens.
 */
final class TransactionControls {

    private TransactionControls() {
    }

    /**
     * @param head the statement's first tokens
     * @return how the statement controls the transaction
     */
    static TransactionControl of(StatementHead head) {
        if (head.isWord(0, "BEGIN") || (head.isWord(0, "START") && head.isWord(1, "TRANSACTION"))) {
            return TransactionControl.BEGIN;
        }
        if (head.isWord(0, "END") || (head.isWord(0, "COMMIT") && !head.isWord(1, "PREPARED"))) {
            return TransactionControl.COMMIT;
        }
        if (head.isWord(0, "ABORT")) {
            return TransactionControl.ROLLBACK;
        }
        if (head.isWord(0, "ROLLBACK") && !head.isWord(1, "PREPARED")) {
            // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] s only goes back to a savepoint.
            int next = head.isAnyWord(1, "WORK", "TRANSACTION") ? 2 : 1;
            return head.isWord(next, "TO") ? TransactionControl.NONE : TransactionControl.ROLLBACK;
        }
        return TransactionControl.NONE;
    }
}
