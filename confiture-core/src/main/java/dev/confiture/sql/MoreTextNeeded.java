package dev.confiture.sql;

/**
 * Thrown inside the splitter when its text is a window of the file ({@link StatementStream}) and the window ends
 * before the current statement does: a string, comment or statement still open there may close in the text that
 * follows. Never leaves the package; carries no stack trace, since it is control flow, not a failure.
 */
final class MoreTextNeeded extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final MoreTextNeeded INSTANCE = new MoreTextNeeded();

    private MoreTextNeeded() {
        super("the window ends inside a statement", null, false, false);
    }
}
