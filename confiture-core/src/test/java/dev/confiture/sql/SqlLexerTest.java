package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    @Test
    void wordsSymbolsNumbersAndParameters() {
        assertThat(tokens("SELECT a$b, x$$y FROM t WHERE id = $1 AND n > 1.5e3"))
                .containsExactly("WORD SELECT", "WORD a$b", "SYMBOL ,", "WORD x$$y", "WORD FROM", "WORD t",
                        "WORD WHERE", "WORD id", "SYMBOL =", "PARAMETER $1", "WORD AND", "WORD n", "SYMBOL >",
                        "NUMBER 1.5e3");
    }

    @Test
    void standardStringKeepsBackslashLiteral() {
        assertThat(tokens("'it''s' 'C:\\' x")).containsExactly("STRING 'it''s'", "STRING 'C:\\'", "WORD x");
    }

    @Test
    void escapeStringBackslashEscapesQuoteAndBackslash() {
        assertThat(tokens("E'it\\'s' e'back\\\\' E'a''b' x"))
                .containsExactly("STRING E'it\\'s'", "STRING e'back\\\\'", "STRING E'a''b'", "WORD x");
    }

    @Test
    void escapeStringContinuesAcrossLineBreaksWithItsEscapeRules() {
        assertThat(tokens("E'a'\n'b\\'c' x")).containsExactly("STRING E'a'\n'b\\'c'", "WORD x");
        assertThat(tokens("E'a' -- note\n  -- more\r\n\t'b\\'c' x"))
                .containsExactly("STRING E'a' -- note\n  -- more\r\n\t'b\\'c'", "WORD x");
    }

    @Test
    void escapeStringDoesNotContinueWithoutLineBreakOrAcrossBlockComment() {
        assertThat(tokens("E'a' 'b\\' x")).containsExactly("STRING E'a'", "STRING 'b\\'", "WORD x");
        assertThat(tokens("E'a'\n/* c */'b\\' x"))
                .containsExactly("STRING E'a'", "STRING 'b\\'", "WORD x");
        assertThat(tokens("E'a'\n-- c")).containsExactly("STRING E'a'");
    }

    @Test
    void prefixLetterAtEndOfLongerWordIsNotAPrefix() {
        assertThat(tokens("some'a\\' name'x'"))
                .containsExactly("WORD some", "STRING 'a\\'", "WORD name", "STRING 'x'");
    }

    @Test
    void otherPrefixedStringsAreStandardStrings() {
        assertThat(tokens("B'101' X'ff' N'\\' U&'d\\0061' u&\"x\"\"y\" z"))
                .containsExactly("STRING B'101'", "STRING X'ff'", "STRING N'\\'", "STRING U&'d\\0061'",
                        "QUOTED_IDENTIFIER u&\"x\"\"y\"", "WORD z");
    }

    @Test
    void quotedIdentifierWithDoubledQuote() {
        assertThat(tokens("\"a;\"\"b\" c")).containsExactly("QUOTED_IDENTIFIER \"a;\"\"b\"", "WORD c");
    }

    @Test
    void dollarQuotesWithAndWithoutTag() {
        assertThat(tokens("$$a;'b$$ $fn$ $$ $x$ $Fn$ $fn$ $_1$ $1 $é$ $_1$ $é$x$é$"))
                .containsExactly("STRING $$a;'b$$", "STRING $fn$ $$ $x$ $Fn$ $fn$", "STRING $_1$ $1 $é$ $_1$",
                        "STRING $é$x$é$");
    }

    @Test
    void dollarWithoutClosingTagDollarIsALoneSymbol() {
        assertThat(tokens("$abc def")).containsExactly("SYMBOL $", "WORD abc", "WORD def");
        assertThat(tokens("$")).containsExactly("SYMBOL $");
    }

    @Test
    void digitDoesNotStartADollarTag() {
        assertThat(tokens("$1$")).containsExactly("PARAMETER $1", "SYMBOL $");
    }

    @Test
    void commentsAreSkippedAndBlockCommentsNest() {
        assertThat(tokens("a -- x; 'y\nb /* c /* d; */ e */ f /*/ g */ h /**/ i")).containsExactly("WORD a", "WORD b",
                "WORD f", "WORD h", "WORD i");
    }

    @Test
    void commentStartsInsideAnOperator() {
        assertThat(tokens("a--b\nc/*d*/e")).containsExactly("WORD a", "WORD c", "WORD e");
    }

    @Test
    void nonAsciiCharactersAreLetters() {
        assertThat(tokens("café 😀x")).containsExactly("WORD café", "WORD 😀x");
    }

    @Test
    void keywordsMatchAsciiCaseInsensitivelyOnly() {
        SqlLexer lexer = new SqlLexer("bEgIn begın \"BEGIN\"", "test");
        assertThat(lexer.next()).isTrue();
        assertThat(lexer.isKeyword("BEGIN")).isTrue();
        assertThat(lexer.next()).isTrue();
        assertThat(lexer.isKeyword("BEGIN")).isFalse();
        assertThat(lexer.next()).isTrue();
        assertThat(lexer.isKeyword("BEGIN")).isFalse();
        assertThat(lexer.next()).isFalse();
    }

    private static List<String> tokens(String text) {
        SqlLexer lexer = new SqlLexer(text, "test");
        List<String> tokens = new ArrayList<>();
        while (lexer.next()) {
            tokens.add(lexer.kind() + " " + text.substring(lexer.start(), lexer.end()));
        }
        return tokens;
    }
}
