package dev.confiture.sql;

/**
 * Reads a script token by token with PostgreSQL's lexical rules ({@code standard_conforming_strings}
 * on): it only has to know where strings, quoted identifiers, dollar quotes and comments begin and
 * end, so that a {@code ;} or a keyword inside them is never taken for the real thing. The current
 * token is kept in fields rather than in an object per token, and every construct is scanned by a
 * loop, so a script of any size lexes in linear time without deep call stacks.
 *
 * <p>Like the server, and unlike {@link Character#isLetter}, it treats every non-ASCII character
 * as a letter (see {@link SqlChars}).
 */
final class SqlLexer {

    private final String text;

    private final String source;

    private final int length;

    /** The line and column of {@code text.charAt(0)} in the file: not 1 and 1 when the text is a window of it. */
    private final int firstLine;

    private final int firstColumn;

    /**
     * Whether the text runs to the end of the file; when it does not ({@link StatementStream}'s window), a construct
     * left open at its end, which would be an error in a whole file, asks for more text instead.
     */
    private final boolean complete;

    private int position;

    private TokenKind kind = TokenKind.SYMBOL;

    private int start;

    private int end;

    /**
     * @param text the script
     * @param source the file description for error messages
     */
    SqlLexer(String text, String source) {
        this(text, source, 1, 1, true);
    }

    /**
     * @param text the script, or a window of it that starts at a token boundary
     * @param source the file description for error messages
     * @param firstLine the line of {@code text.charAt(0)} in the file
     * @param firstColumn the column of {@code text.charAt(0)} in the file
     * @param complete whether {@code text} runs to the end of the file
     */
    SqlLexer(String text, String source, int firstLine, int firstColumn, boolean complete) {
        this.text = text;
        this.source = source;
        this.length = text.length();
        this.firstLine = firstLine;
        this.firstColumn = firstColumn;
        this.complete = complete;
    }

    /** @return whether the text runs to the end of the file */
    boolean complete() {
        return complete;
    }

    /** @return the file location of a char index of the text */
    dev.confiture.api.SourceLocation locate(int offset) {
        LineColumnCursor cursor = new LineColumnCursor(text, firstLine, firstColumn);
        cursor.advanceTo(offset);
        return new dev.confiture.api.SourceLocation(source, cursor.line(), cursor.column());
    }

    /**
     * Before an error that more text could undo (a construct still open at the end of a window): asks for it.
     * @throws MoreTextNeeded when the text is not the whole rest of the file
     */
    private void needMoreUnlessComplete() {
        if (!complete) {
            throw MoreTextNeeded.INSTANCE;
        }
    }

    /**
     * Moves to the next token, skipping whitespace and comments.
     *
     * @return {@code false} at the end of the script
     * @throws dev.confiture.api.ConfitureException for an unterminated construct or a psql meta-command
     */
    boolean next() {
        skipWhitespaceAndComments();
        if (position >= length) {
            return false;
        }
        start = position;
        kind = scanToken(text.charAt(position));
        end = position;
        return true;
    }

    /** @return the kind of the current token */
    TokenKind kind() {
        return kind;
    }

    /** @return the char index of the current token's first char */
    int start() {
        return start;
    }

    /** @return the char index after the current token's last char */
    int end() {
        return end;
    }

    /**
     * @param keyword a keyword in upper case
     * @return whether the current token is that keyword, unquoted
     */
    boolean isKeyword(String keyword) {
        return kind == TokenKind.WORD && Keyword.matches(text, start, end, keyword);
    }

    /**
     * @return whether the current token is that single character
     */
    boolean isSymbol(char symbol) {
        return kind == TokenKind.SYMBOL && text.charAt(start) == symbol;
    }

    private TokenKind scanToken(char c) {
        switch (c) {
            case '\'':
                position = endOfQuoted(start + 1, '\'');
                return TokenKind.STRING;
            case '"':
                position = endOfQuoted(start + 1, '"');
                return TokenKind.QUOTED_IDENTIFIER;
            case '$':
                return scanDollar();
            case '\\':
                // PostgreSQL's SQL has no backslash outside strings, while psql takes one anywhere on
                // a line (not only at its start) as a command: so it can only be psql's.
                if (!complete && length - start <= 21) {
                    needMoreUnlessComplete(); // the command's name may go on past the window
                }
                throw ParseErrors.psqlMetaCommand(metaCommandName(), locate(start));
            default:
                break;
        }
        if (c >= '0' && c <= '9') {
            position++;
            while (position < length && SqlChars.isNumberPart(text.charAt(position))) {
                position++;
            }
            return TokenKind.NUMBER;
        }
        if (SqlChars.isIdentifierStart(c)) {
            return scanWordOrPrefixedQuote(c);
        }
        position++;
        return TokenKind.SYMBOL;
    }

    /**
     * A single letter glued to a quote is a prefix ({@code E'...'}, {@code U&"..."}, ...); the same
     * letter at the end of a longer word is not, since the whole word is scanned from its start.
     */
    private TokenKind scanWordOrPrefixedQuote(char c) {
        char next = charAt(start + 1);
        if (next == '\'') {
            switch (c) {
                case 'e', 'E' -> {
                    position = endOfContinuedEscapeString(start + 2);
                    return TokenKind.STRING;
                }
                case 'b', 'B', 'x', 'X', 'n', 'N' -> {
                    position = endOfQuoted(start + 2, '\'');
                    return TokenKind.STRING;
                }
                default -> {
                    // an identifier followed by a string, e.g. a typed literal such as date'2024-01-01'
                }
            }
        }
        if ((c == 'u' || c == 'U') && next == '&') {
            char quote = charAt(start + 2);
            if (quote == '\'') {
                position = endOfQuoted(start + 3, '\'');
                return TokenKind.STRING;
            }
            if (quote == '"') {
                position = endOfQuoted(start + 3, '"');
                return TokenKind.QUOTED_IDENTIFIER;
            }
        }
        position = start + 1;
        while (position < length && SqlChars.isIdentifierPart(text.charAt(position))) {
            position++;
        }
        return TokenKind.WORD;
    }

    /**
     * {@code $tag$} opens a dollar quote, {@code $1} is a parameter, any other {@code $} is a lone
     * character (PostgreSQL then reads what follows as an ordinary token).
     */
    private TokenKind scanDollar() {
        int afterDollar = start + 1;
        char next = charAt(afterDollar);
        if (next >= '0' && next <= '9') {
            position = afterDollar + 1;
            while (position < length && SqlChars.isDigit(text.charAt(position))) {
                position++;
            }
            return TokenKind.PARAMETER;
        }
        int tagEnd = afterDollar;
        if (SqlChars.isIdentifierStart(next)) {
            tagEnd++;
            while (tagEnd < length && SqlChars.isDollarTagPart(text.charAt(tagEnd))) {
                tagEnd++;
            }
        }
        if (charAt(tagEnd) != '$') {
            position = afterDollar;
            return TokenKind.SYMBOL;
        }
        String delimiter = text.substring(start, tagEnd + 1);
        // Other tags inside the body are plain text: only this exact delimiter closes it. The search
        // stays linear: a match attempt starts only at a '$' and the tag holds no '$', so attempts
        // never cover the same chars twice.
        int close = text.indexOf(delimiter, tagEnd + 1);
        if (close < 0) {
            needMoreUnlessComplete();
            throw ParseErrors.unterminatedDollarQuote(delimiter, locate(start));
        }
        position = close + delimiter.length();
        return TokenKind.STRING;
    }

    /**
     * Ends a standard string or a quoted identifier, where the only escape is a doubled quote.
     *
     * @param bodyStart the char after the opening quote
     * @return the char after the closing quote
     */
    private int endOfQuoted(int bodyStart, char quote) {
        int i = bodyStart;
        while (true) {
            int close = text.indexOf(quote, i);
            if (close < 0) {
                needMoreUnlessComplete();
                throw (quote == '"') ? ParseErrors.unterminatedQuotedIdentifier(locate(start))
                        : ParseErrors.unterminatedString(locate(start));
            }
            if (charAt(close + 1) != quote) {
                return close + 1;
            }
            i = close + 2;
        }
    }

    /**
     * Ends an {@code E'...'} string together with its continuations: PostgreSQL joins string
     * constants separated by whitespace that holds a newline, and reads the later parts with the
     * first part's escape rules, so in {@code E'a'} newline {@code 'b\'c'} the {@code \'} is
     * escaped. (For standard strings the join changes nothing, so they are not followed.)
     *
     * @param bodyStart the char after the opening quote
     * @return the char after the last closing quote
     */
    private int endOfContinuedEscapeString(int bodyStart) {
        int end = endOfEscapeString(bodyStart);
        int reopening = continuationQuote(end);
        while (reopening >= 0) {
            end = endOfEscapeString(reopening + 1);
            reopening = continuationQuote(end);
        }
        return end;
    }

    /**
     * The gap PostgreSQL accepts between continued strings: blanks and {@code --} comments with at
     * least one line break among them (a block comment is not allowed there).
     *
     * @param afterQuote the char after a closing quote
     * @return the index of the quote that continues the string, or -1
     */
    private int continuationQuote(int afterQuote) {
        boolean lineBreak = false;
        int i = afterQuote;
        while (i < length) {
            char c = text.charAt(i);
            if (SqlChars.isLineBreak(c)) {
                lineBreak = true;
                i++;
            } else if (SqlChars.isWhitespace(c)) {
                i++;
            } else if (c == '-' && charAt(i + 1) == '-') {
                while (i < length && !SqlChars.isLineBreak(text.charAt(i))) {
                    i++;
                }
            } else {
                return (c == '\'' && lineBreak) ? i : -1;
            }
        }
        return -1;
    }

    /**
     * Ends one {@code E'...'} part, where a backslash escapes whatever follows it.
     *
     * @param bodyStart the char after the opening quote
     * @return the char after the closing quote
     */
    private int endOfEscapeString(int bodyStart) {
        int i = bodyStart;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c != '\'') {
                i++;
            } else if (i + 1 < length && text.charAt(i + 1) == '\'') {
                i += 2;
            } else {
                return i + 1;
            }
        }
        needMoreUnlessComplete();
        throw ParseErrors.unterminatedEscapeString(locate(start));
    }

    private void skipWhitespaceAndComments() {
        while (position < length) {
            char c = text.charAt(position);
            if (SqlChars.isWhitespace(c)) {
                position++;
            } else if (c == '-' && charAt(position + 1) == '-') {
                skipLineComment();
            } else if (c == '/' && charAt(position + 1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipLineComment() {
        position += 2;
        while (position < length && !SqlChars.isLineBreak(text.charAt(position))) {
            position++;
        }
    }

    /** Block comments nest in PostgreSQL (unlike the SQL standard), so count the depth. */
    private void skipBlockComment() {
        int commentStart = position;
        int depth = 1;
        int i = position + 2;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '/' && charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    position = i;
                    return;
                }
            } else {
                i++;
            }
        }
        needMoreUnlessComplete();
        throw ParseErrors.unterminatedBlockComment(locate(commentStart));
    }

    /** The backslash and the command's letters, e.g. {@code \i} or {@code \connect}, for the message. */
    private String metaCommandName() {
        int nameEnd = start + 1;
        while (nameEnd < length && nameEnd - start < 20 && SqlChars.isAsciiLetter(text.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == start + 1 && nameEnd < length && text.charAt(nameEnd) > ' '
                && !Character.isSurrogate(text.charAt(nameEnd))) {
            nameEnd++; // one-character commands such as \! or \.
        }
        return text.substring(start, nameEnd);
    }

    /** {@code '\0'} past the end, so look-ahead needs no bounds checks. */
    private char charAt(int index) {
        return (index < length) ? text.charAt(index) : '\0';
    }
}
