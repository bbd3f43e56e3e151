package dev.confiture.sql;

/**
 * The kinds of token the splitter tells apart. Comments and whitespace are not tokens.
 */
enum TokenKind {

    /** An unquoted identifier or keyword, e.g. {@code CREATE}, {@code my_table}, {@code a$b}. */
    WORD,

    /** A double-quoted identifier, also {@code U&"..."}. */
    QUOTED_IDENTIFIER,

    /** A string constant of any kind: {@code '...'}, {@code E'...'}, {@code $tag$...$tag$}, ... */
    STRING,

    /** A numeric constant (loosely: digits followed by letters, digits, {@code _} and {@code .}). */
    NUMBER,

    /** A positional parameter such as {@code $1}. */
    PARAMETER,

    /** Any other single character: punctuation and operator characters, {@code ;} included. */
    SYMBOL
}
