package dev.confiture.sql;

import org.jspecify.annotations.Nullable;

/**
 * Recognizes, from a statement's tokens, the commands PostgreSQL refuses inside a transaction
 * block (those that call {@code PreventInTransactionBlock} in the server). Matching tokens rather
 * than text means a comment or a string that mentions {@code VACUUM} is never mistaken for one.
 *
 * <p>When the tokens cannot tell (an option list longer than the statement head), the statement is
 * reported as non-transactional: running an ordinary statement outside a transaction block loses
 * atomicity, while running one of these inside a block always fails.
 *
 * <p>Not recognizable from tokens alone: {@code CLUSTER} of a partitioned table, which the server
 * also refuses inside a transaction block.
 */
final class NonTransactionalCommands {

    private static final String SUFFIX = " cannot run inside a transaction block";

    private NonTransactionalCommands() {
    }

    /**
     * @param head the statement's first tokens
     * @return why the statement cannot run inside a transaction block, or {@code null} if it can
     */
    static @Nullable String reasonFor(StatementHead head) {
        String command = command(head);
        return (command == null) ? null : command + SUFFIX;
    }

    private static @Nullable String command(StatementHead head) {
        if (head.isWord(0, "CREATE")) {
            return create(head);
        }
        if (head.isWord(0, "DROP")) {
            return drop(head);
        }
        if (head.isWord(0, "ALTER")) {
            return alter(head);
        }
        if (head.isWord(0, "REINDEX")) {
            return reindex(head);
        }
        if (head.isWord(0, "VACUUM")) {
            return "VACUUM";
        }
        if (head.isWord(0, "CLUSTER")) {
            return cluster(head);
        }
        if (head.isWord(0, "DISCARD") && head.isWord(1, "ALL")) {
            return "DISCARD ALL";
        }
        if (head.isAnyWord(0, "COMMIT", "ROLLBACK") && head.isWord(1, "PREPARED")) {
            return head.upperText(0) + " PREPARED";
        }
        return null;
    }

    /**
     * {@code CONCURRENTLY} right after {@code INDEX} is always the keyword: PostgreSQL reserves it
     * from index names ({@code CREATE INDEX concurrently ON t (x)} builds an unnamed index
     * concurrently), so only a quoted {@code "concurrently"} can be a name.
     */
    private static @Nullable String create(StatementHead head) {
        int index = head.isWord(1, "UNIQUE") ? 2 : 1;
        if (head.isWord(index, "INDEX") && head.isWord(index + 1, "CONCURRENTLY")) {
            return "CREATE INDEX CONCURRENTLY";
        }
        return head.isAnyWord(1, "DATABASE", "TABLESPACE", "SUBSCRIPTION") ? "CREATE " + head.upperText(1) : null;
    }

    private static @Nullable String drop(StatementHead head) {
        if (head.isWord(1, "INDEX") && head.isWord(2, "CONCURRENTLY")) {
            return "DROP INDEX CONCURRENTLY";
        }
        return head.isAnyWord(1, "DATABASE", "TABLESPACE", "SUBSCRIPTION") ? "DROP " + head.upperText(1) : null;
    }

    private static @Nullable String alter(StatementHead head) {
        if (head.isWord(1, "SYSTEM")) {
            return "ALTER SYSTEM";
        }
        if (head.isWord(1, "DATABASE")) {
            // ALTER DATABASE d SET TABLESPACE t moves the database; SET tablespace TO x would be a setting.
            boolean moves = head.isWord(3, "SET") && head.isWord(4, "TABLESPACE") && !head.isWord(5, "TO")
                    && !head.isSymbol(5, '=');
            return moves ? "ALTER DATABASE ... SET TABLESPACE" : null;
        }
        if (head.isWord(1, "TABLE")) {
            return detachConcurrently(head) ? "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY" : null;
        }
        if (head.isWord(1, "SUBSCRIPTION")) {
            return alterSubscription(head);
        }
        return null;
    }

    /** CONCURRENTLY cannot be an unquoted table name either, so any after DETACH PARTITION is the keyword. */
    private static boolean detachConcurrently(StatementHead head) {
        boolean detaching = false;
        for (int i = 2; i < head.size(); i++) {
            if (head.isWord(i, "DETACH") && head.isWord(i + 1, "PARTITION")) {
                detaching = true;
            } else if (detaching && head.isWord(i, "CONCURRENTLY")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code REFRESH PUBLICATION} always, and {@code SET|ADD|DROP PUBLICATION} unless
     * {@code WITH (refresh = false)}: both refresh the subscription from the publisher.
     */
    private static @Nullable String alterSubscription(StatementHead head) {
        if (head.isWord(3, "REFRESH")) {
            return "ALTER SUBSCRIPTION ... REFRESH PUBLICATION";
        }
        if (!head.isAnyWord(3, "SET", "ADD", "DROP") || !head.isWord(4, "PUBLICATION")) {
            return null;
        }
        for (int i = 5; i < head.size(); i++) {
            if (head.isWord(i, "WITH") && head.isSymbol(i + 1, '(')) {
                Boolean refresh = OptionList.booleanOption(head, i + 1, "REFRESH");
                return Boolean.FALSE.equals(refresh) ? null : withRefresh(head);
            }
        }
        return withRefresh(head);
    }

    private static String withRefresh(StatementHead head) {
        return "ALTER SUBSCRIPTION ... " + head.upperText(3) + " PUBLICATION with refresh";
    }

    /**
     * {@code REINDEX [(options)] target [CONCURRENTLY] name}: concurrently by keyword or option, or a
     * whole schema, database or system, each of which commits once per table.
     */
    private static @Nullable String reindex(StatementHead head) {
        int target = 1;
        boolean concurrently = false;
        if (head.isSymbol(1, '(')) {
            concurrently = Boolean.TRUE.equals(OptionList.booleanOption(head, 1, "CONCURRENTLY"));
            target = OptionList.indexAfter(head, 1);
            if (target < 0) {
                return concurrently ? "REINDEX CONCURRENTLY" : null;
            }
        }
        if (!head.isAnyWord(target, "INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM")) {
            return null;
        }
        if (concurrently || head.isWord(target + 1, "CONCURRENTLY")) {
            return "REINDEX CONCURRENTLY";
        }
        return head.isAnyWord(target, "SCHEMA", "DATABASE", "SYSTEM") ? "REINDEX " + head.upperText(target) : null;
    }

    /** Without a table, CLUSTER reclusters every table, each in a transaction of its own. */
    private static @Nullable String cluster(StatementHead head) {
        int next = 1;
        if (head.isSymbol(1, '(')) {
            next = OptionList.indexAfter(head, 1);
        } else if (head.isWord(1, "VERBOSE")) {
            next = 2;
        }
        return (next > 0 && head.endsAt(next)) ? "CLUSTER without a table name" : null;
    }
}
