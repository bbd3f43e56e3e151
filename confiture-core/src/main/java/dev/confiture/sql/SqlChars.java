package dev.confiture.sql;

/**
 * The character classes of PostgreSQL's lexer. Every non-ASCII character counts as a letter,
 * because the server's lexer treats each byte of a multi-byte character as one; so does the
 * splitter, for tags and identifiers to end where the server's end.
 */
final class SqlChars {

    private SqlChars() {
    }

    /** PostgreSQL's whitespace: space, tab, newline, carriage return, form feed, vertical tab. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** A letter, {@code _} or any non-ASCII character. */
    static boolean isIdentifierStart(char c) {
        return isAsciiLetter(c) || c == '_' || c >= 0x80;
    }

    /** Identifiers may also hold digits and {@code $} after their first character. */
    static boolean isIdentifierPart(char c) {
        return isDollarTagPart(c) || c == '$';
    }

    /** Dollar-quote tags are identifiers without {@code $}, so {@code $a$b$} is the tag {@code a}. */
    static boolean isDollarTagPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    /**
     * Loosely what may follow a number's first digit ({@code 1.5e3}, {@code 0x1F}, {@code 1_000}):
     * the splitter needs to know where a number ends, not what it is worth.
     */
    static boolean isNumberPart(char c) {
        return isDigit(c) || isAsciiLetter(c) || c == '_' || c == '.';
    }

    /** Only ASCII letters fold case in keywords and start psql command names. */
    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** An ASCII digit. */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The characters that end a line, and a {@code --} comment. */
    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }
}
