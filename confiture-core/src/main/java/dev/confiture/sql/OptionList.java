package dev.confiture.sql;

import org.jspecify.annotations.Nullable;

/**
 * Reads a parenthesized option list in a statement head, such as {@code (CONCURRENTLY, VERBOSE false)}
 * after {@code REINDEX} or {@code (refresh = false)} after {@code WITH}.
 */
final class OptionList {

    private OptionList() {
    }

    /**
     * @param head the statement head
     * @param open the index of the {@code (}
     * @return the index of the token after the matching {@code )}, or -1 if it is not in the head
     */
    static int indexAfter(StatementHead head, int open) {
        int depth = 0;
        for (int i = open; i < head.size(); i++) {
            if (head.isSymbol(i, '(')) {
                depth++;
            } else if (head.isSymbol(i, ')') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The value of a boolean option as PostgreSQL reads it: given without a value it is on;
     * {@code false}, {@code off}, {@code 0} (also quoted) turn it off, anything else on.
     *
     * @param head the statement head
     * @param open the index of the {@code (}
     * @param name the option name in upper case
     * @return the value, or {@code null} when the option is not in the list
     */
    static @Nullable Boolean booleanOption(StatementHead head, int open, String name) {
        int depth = 0;
        boolean atName = false;
        for (int i = open; i < head.size(); i++) {
            if (head.isSymbol(i, '(')) {
                depth++;
                atName = depth == 1;
            } else if (head.isSymbol(i, ')')) {
                if (--depth == 0) {
                    return null;
                }
            } else if (depth == 1 && head.isSymbol(i, ',')) {
                atName = true;
            } else if (atName) {
                atName = false;
                if (head.isWord(i, name)) {
                    return valueAt(head, head.isSymbol(i + 1, '=') ? i + 2 : i + 1);
                }
            }
        }
        return null;
    }

    private static boolean valueAt(StatementHead head, int index) {
        if (head.isSymbol(index, ',') || head.isSymbol(index, ')') || head.kind(index) == null) {
            return true;
        }
        String value = head.upperText(index);
        return !(value.equals("FALSE") || value.equals("OFF") || value.equals("0") || value.equals("'FALSE'")
                || value.equals("'OFF'") || value.equals("'0'"));
    }
}
