package dev.confiture.sql;

import dev.confiture.api.SourceLocation;

/**
 * Walks a text forward and keeps the 1-based line and column of its position. Columns count Unicode
 * code points, so an emoji is one column, as editors show it. {@code \n}, {@code \r\n} and a lone
 * {@code \r} each end a line. The cursor only moves forward, so that locating every statement of a
 * script costs one pass over the script in total rather than one pass per statement.
 */
final class LineColumnCursor {

    private final CharSequence text;

    private final int firstLine;

    private final int firstColumn;

    private int offset;

    private int line;

    private int column;

    /**
     * @param text the text to walk
     * @param firstLine the line of {@code text.charAt(0)}
     * @param firstColumn the column of {@code text.charAt(0)}
     */
    LineColumnCursor(CharSequence text, int firstLine, int firstColumn) {
        this.text = text;
        this.firstLine = firstLine;
        this.firstColumn = firstColumn;
        this.line = firstLine;
        this.column = firstColumn;
    }

    /**
     * The location of one offset of a whole file: one walk from its beginning, for error reports.
     */
    static SourceLocation locate(CharSequence text, int offset, String source) {
        LineColumnCursor cursor = new LineColumnCursor(text, 1, 1);
        cursor.advanceTo(offset);
        return new SourceLocation(source, cursor.line(), cursor.column());
    }

    /**
     * Moves to {@code target}, a char index of the text (clamped to its bounds).
     */
    void advanceTo(int target) {
        int end = Math.min(Math.max(target, 0), text.length());
        if (end < offset) {
            // Callers move forward; starting over keeps a backward request correct, if slow.
            offset = 0;
            line = firstLine;
            column = firstColumn;
        }
        while (offset < end) {
            step(text.charAt(offset));
            offset++;
        }
    }

    private void step(char c) {
        if (c == '\n') {
            newLine();
        } else if (c == '\r') {
            if (offset + 1 < text.length() && text.charAt(offset + 1) == '\n') {
                column++; // the '\n' of this "\r\n" starts the new line
            } else {
                newLine();
            }
        } else if (!(Character.isLowSurrogate(c) && offset > 0
                && Character.isHighSurrogate(text.charAt(offset - 1)))) {
            column++; // the second half of a surrogate pair is the same code point
        }
    }

    private void newLine() {
        line++;
        column = 1;
    }

    /** @return the line of the current position */
    int line() {
        return line;
    }

    /** @return the column of the current position */
    int column() {
        return column;
    }
}
