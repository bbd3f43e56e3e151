package dev.confiture.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script into statements at each {@code ;} that ends one, the way psql does: not inside
 * parentheses (a rule such as {@code DO ALSO (INSERT ...; INSERT ...)} has semicolons there) and not
 * inside the {@code BEGIN ATOMIC ... END} body of a SQL-standard function or procedure.
 */
final class StatementSplitter {

    private final String script;

    private final String source;

    private final SqlLexer lexer;

    private final StatementHead head;

    private final ClientCopyDetector copyDetector = new ClientCopyDetector();

    private final LineColumnCursor cursor;

    private final List<SqlStatement> statements = new ArrayList<>();

    private int statementStart = -1;

    private int statementEnd;

    private int statementLine;

    private int statementColumn;

    private int tokenCount;

    private int parenDepth;

    /** The BEGIN ATOMIC ... END nesting, counting the CASE ... END inside too. */
    private int atomicDepth;

    private boolean previousWasBegin;

    /**
     * @param script the script text
     * @param source the file description for error messages
     */
    StatementSplitter(String script, String source) {
        this.script = script;
        this.source = source;
        this.lexer = new SqlLexer(script, source);
        this.head = new StatementHead(script);
        this.cursor = new LineColumnCursor(script, 1, 1);
    }

    /**
     * @return the statements of the script, in order
     * @throws dev.confiture.api.ConfitureException when the script cannot be split
     */
    List<SqlStatement> split() {
        while (lexer.next()) {
            if (lexer.isSymbol(';') && parenDepth == 0 && atomicDepth == 0) {
                finishStatement();
            } else {
                addToken();
            }
        }
        finishStatement();
        return statements;
    }

    private void addToken() {
        if (statementStart < 0) {
            startStatement();
        }
        statementEnd = lexer.end();
        head.add(lexer.kind(), lexer.start(), lexer.end());
        trackNesting();
        checkClientCopy();
        tokenCount++;
    }

    private void startStatement() {
        statementStart = lexer.start();
        cursor.advanceTo(statementStart);
        statementLine = cursor.line();
        statementColumn = cursor.column();
    }

    private void trackNesting() {
        if (lexer.isSymbol('(')) {
            parenDepth++;
        } else if (lexer.isSymbol(')') && parenDepth > 0) {
            parenDepth--; // a stray ')' is the server's to report, not a reason to stop splitting
        }
        if (previousWasBegin && lexer.isKeyword("ATOMIC") && head.definesRoutine()) {
            atomicDepth++;
        } else if (atomicDepth > 0 && lexer.isKeyword("CASE")) {
            atomicDepth++;
        } else if (atomicDepth > 0 && lexer.isKeyword("END")) {
            atomicDepth--;
        }
        previousWasBegin = lexer.isKeyword("BEGIN");
    }

    private void checkClientCopy() {
        switch (copyDetector.accept(lexer, tokenCount, parenDepth)) {
            case FROM_STDIN -> throw ParseErrors.copyFromStdin(script, statementStart, source);
            case TO_STDOUT -> throw ParseErrors.copyToStdout(script, statementStart, source);
            case NONE -> {
                // an ordinary token
            }
        }
    }

    private void finishStatement() {
        if (statementStart < 0) {
            return; // nothing but a ';', blanks or comments since the last statement
        }
        statements.add(new SqlStatement(statements.size() + 1, script.substring(statementStart, statementEnd),
                statementStart, statementLine, statementColumn, NonTransactionalCommands.reasonFor(head),
                TransactionControls.of(head)));
        statementStart = -1;
        tokenCount = 0;
        parenDepth = 0;
        atomicDepth = 0;
        previousWasBegin = false;
        head.clear();
        copyDetector.reset();
    }
}
