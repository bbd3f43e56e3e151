package dev.confiture.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one statement as the lexer reads them (comments and whitespace left out), for analyses that look at
 * more than a statement's head: words upper-cased, quoted identifiers unquoted, everything else as written.
 */
public final class SqlTokens {

    private SqlTokens() {
    }

    /**
     * One token.
     *
     * @param text a word upper-cased, a quoted identifier without its quotes, else as written
     * @param word whether it is an unquoted word (a keyword or a name)
     * @param identifier whether it is a word or a quoted identifier
     */
    public record Token(String text, boolean word, boolean identifier) {

        /**
         * @param keyword a keyword in upper case
         * @return whether this token is that keyword, unquoted
         */
        public boolean is(String keyword) {
            return word && text.equals(keyword);
        }
    }

    /**
     * @param sql one statement
     * @param source the file, for the lexer's messages
     * @param limit how many tokens at most (a statement may be megabytes long)
     * @return its first tokens
     */
    public static List<Token> of(String sql, String source, int limit) {
        List<Token> tokens = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(sql, source);
        while (tokens.size() < limit && lexer.next()) {
            String text = sql.substring(lexer.start(), lexer.end());
            switch (lexer.kind()) {
                case WORD -> tokens.add(new Token(text.toUpperCase(Locale.ROOT), true, true));
                case QUOTED_IDENTIFIER -> tokens.add(new Token(text.startsWith("\"")
                        ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text, false, true));
                default -> tokens.add(new Token(text, false, false));
            }
        }
        return tokens;
    }
}
