package dev.confiture.sql;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

    /** The char index of {@code script.charAt(0)} in the file, and the number of the statements before it. */
    private final int baseOffset;

    private final int indexBefore;

    private int finished;

    /** Where lexing may start over with more text: after the {@code ;} that ended the last statement. */
    private int resumeAt;

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
        this(script, source, 1, 1, 0, 0, true);
    }

    /**
     * A splitter of a window of the file ({@link StatementStream}), which starts where a statement may start.
     * @param script the window's text
     * @param source the file description for error messages
     * @param firstLine the line of {@code script.charAt(0)} in the file
     * @param firstColumn its column
     * @param baseOffset its char index in the file
     * @param indexBefore how many statements come before it
     * @param complete whether the window runs to the end of the file; when not, {@link #next()} throws
     * {@link MoreTextNeeded} instead of handing out a statement that more text could still extend
     */
    StatementSplitter(String script, String source, int firstLine, int firstColumn, int baseOffset, int indexBefore,
            boolean complete) {
        this.script = script;
        this.source = source;
        this.lexer = new SqlLexer(script, source, firstLine, firstColumn, complete);
        this.head = new StatementHead(script);
        this.cursor = new LineColumnCursor(script, firstLine, firstColumn);
        this.baseOffset = baseOffset;
        this.indexBefore = indexBefore;
    }

    /**
     * @return the statements of the script, in order
     * @throws dev.confiture.api.ConfitureException when the script cannot be split
     */
    List<SqlStatement> split() {
        List<SqlStatement> statements = new ArrayList<>();
        for (SqlStatement statement = next(); statement != null; statement = next()) {
            statements.add(statement);
        }
        return statements;
    }

    /**
     * @return the next statement, {@code null} at the end of the script
     * @throws dev.confiture.api.ConfitureException when the script cannot be split
     * @throws MoreTextNeeded when the window ends before the next statement is known to end (only for a window that
     * does not run to the end of the file); {@link #resumeAt()} tells where to start over
     */
    @Nullable SqlStatement next() {
        while (lexer.next()) {
            if (lexer.isSymbol(';') && parenDepth == 0 && atomicDepth == 0) {
                SqlStatement statement = finishStatement();
                resumeAt = lexer.end();
                if (statement != null) {
                    return statement;
                }
            } else {
                addToken();
            }
        }
        if (!lexer.complete()) {
            throw MoreTextNeeded.INSTANCE; // the last statement, or a comment, may go on after the window
        }
        return finishStatement();
    }

    /** @return the char index of the window after the last {@code ;} that ended a statement, 0 before the first */
    int resumeAt() {
        return resumeAt;
    }

    /**
     * @param index a char index of the window at or after the last statement's start
     * @return its line and column in the file, as {@code {line, column}}
     */
    int[] lineAndColumn(int index) {
        cursor.advanceTo(index);
        return new int[] { cursor.line(), cursor.column() };
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
        ClientCopyDetector.Direction direction = copyDetector.accept(lexer, tokenCount, parenDepth);
        if (direction != ClientCopyDetector.Direction.NONE && !lexer.complete() && lexer.end() >= script.length()) {
            throw MoreTextNeeded.INSTANCE; // STDIN at the window's end may be the start of a longer word
        }
        switch (direction) {
            case FROM_STDIN -> throw ParseErrors.copyFromStdin(lexer.locate(statementStart));
            case TO_STDOUT -> throw ParseErrors.copyToStdout(lexer.locate(statementStart));
            case NONE -> {
                // an ordinary token
            }
        }
    }

    private @Nullable SqlStatement finishStatement() {
        if (statementStart < 0) {
            return null; // nothing but a ';', blanks or comments since the last statement
        }
        finished++;
        SqlStatement statement = new SqlStatement(indexBefore + finished, script.substring(statementStart, statementEnd),
                baseOffset + statementStart, statementLine, statementColumn, NonTransactionalCommands.reasonFor(head),
                TransactionControls.of(head));
        statementStart = -1;
        tokenCount = 0;
        parenDepth = 0;
        atomicDepth = 0;
        previousWasBegin = false;
        head.clear();
        copyDetector.reset();
        return statement;
    }
}
