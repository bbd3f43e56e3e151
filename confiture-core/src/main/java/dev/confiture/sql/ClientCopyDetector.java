package dev.confiture.sql;

/**
 * Watches a statement's tokens for {@code COPY ... FROM STDIN} and {@code COPY ... TO STDOUT}: their
 * rows travel through the client (psql reads them from the lines after the statement), which a
 * migration runner is not. Only tokens outside parentheses count, so {@code COPY (SELECT * FROM stdin)}
 * reading a table named {@code stdin} is left alone. Watching token by token rather than keeping
 * them all works for a column list of any length.
 */
final class ClientCopyDetector {

    /** What the detector found. */
    enum Direction { NONE, FROM_STDIN, TO_STDOUT }

    private boolean copy;

    private boolean afterFrom;

    private boolean afterTo;

    /** Starts over for the next statement. */
    void reset() {
        copy = false;
        afterFrom = false;
        afterTo = false;
    }

    /**
     * @param lexer positioned on the statement's next token
     * @param tokenIndex the token's index in its statement
     * @param parenDepth the parenthesis depth around the token
     * @return the direction once a complete {@code FROM STDIN} or {@code TO STDOUT} is seen
     */
    Direction accept(SqlLexer lexer, int tokenIndex, int parenDepth) {
        if (tokenIndex == 0) {
            copy = lexer.isKeyword("COPY");
        }
        if (!copy || parenDepth > 0) {
            return Direction.NONE;
        }
        Direction found = Direction.NONE;
        if (afterFrom && lexer.isKeyword("STDIN")) {
            found = Direction.FROM_STDIN;
        } else if (afterTo && lexer.isKeyword("STDOUT")) {
            found = Direction.TO_STDOUT;
        }
        afterFrom = lexer.isKeyword("FROM");
        afterTo = lexer.isKeyword("TO");
        return found;
    }
}
