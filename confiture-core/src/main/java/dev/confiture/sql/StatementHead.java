package dev.confiture.sql;

import org.jspecify.annotations.Nullable;

/**
 * The first tokens of the statement being split: enough to recognize the commands that need
 * special handling, without keeping every token of a statement that may be megabytes long. One
 * instance is reused for all statements of a script.
 */
final class StatementHead {

    /** Far more than any recognized command needs, even with long option lists. */
    static final int CAPACITY = 64;

    private final String text;

    private final TokenKind[] kinds = new TokenKind[CAPACITY];

    private final int[] starts = new int[CAPACITY];

    private final int[] ends = new int[CAPACITY];

    private int size;

    private boolean truncated;

    /**
     * @param text the script the token offsets refer to
     */
    StatementHead(String text) {
        this.text = text;
    }

    /** Forgets the tokens, for the next statement. */
    void clear() {
        size = 0;
        truncated = false;
    }

    /** Keeps the token if there is room, else remembers that the statement goes on. */
    void add(TokenKind kind, int start, int end) {
        if (size == CAPACITY) {
            truncated = true;
            return;
        }
        kinds[size] = kind;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** @return the number of tokens kept */
    int size() {
        return size;
    }

    /** @return whether the statement has more tokens than were kept */
    boolean truncated() {
        return truncated;
    }

    /** @return whether the statement ends right before token {@code index} */
    boolean endsAt(int index) {
        return index == size && !truncated;
    }

    /**
     * @return whether token {@code index} exists and is the unquoted keyword
     */
    boolean isWord(int index, String keyword) {
        return index >= 0 && index < size && kinds[index] == TokenKind.WORD
                && Keyword.matches(text, starts[index], ends[index], keyword);
    }

    /**
     * @return whether token {@code index} exists and is one of the unquoted keywords
     */
    boolean isAnyWord(int index, String... keywords) {
        for (String keyword : keywords) {
            if (isWord(index, keyword)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether token {@code index} exists and is that single character
     */
    boolean isSymbol(int index, char symbol) {
        return index >= 0 && index < size && kinds[index] == TokenKind.SYMBOL && text.charAt(starts[index]) == symbol;
    }

    /**
     * @return the kind of token {@code index}, or {@code null} if there is no such token
     */
    @Nullable TokenKind kind(int index) {
        return (index >= 0 && index < size) ? kinds[index] : null;
    }

    /**
     * @return token {@code index} as written
     */
    String text(int index) {
        return text.substring(starts[index], ends[index]);
    }

    /**
     * @return token {@code index} with ASCII letters in upper case
     */
    String upperText(int index) {
        return Keyword.upper(text, starts[index], ends[index]);
    }

    /**
     * @return whether the statement starts with {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}
     */
    boolean definesRoutine() {
        if (!isWord(0, "CREATE")) {
            return false;
        }
        int kindIndex = (isWord(1, "OR") && isWord(2, "REPLACE")) ? 3 : 1;
        return isAnyWord(kindIndex, "FUNCTION", "PROCEDURE");
    }
}
