package dev.confiture.sql;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Splits a script read from a {@link Reader} into statements one at a time, with the same rules, numbers, offsets,
 * lines, columns and errors as {@link SqlScriptParser#parse}, while holding only a window of the file: the statement
 * being split plus a read-ahead of about {@value #CHUNK} characters (a statement longer than that grows the window to
 * about twice its length, never to the rest of the file). For migration files too large to hold whole.
 *
 * <p>The window is split as a script of its own that does not run to the end of the file: a statement is handed out
 * only once its ending {@code ;} is in the window, and a string, comment or statement still open at the window's
 * end asks for more text and is split again from the start of that statement, so the result never depends on where
 * the reads happened to stop.
 */
public final class StatementStream implements Closeable {

    /** How many characters each read asks for. */
    static final int CHUNK = 1 << 16;

    private final Reader reader;

    private final String source;

    private final int chunk;

    private final char[] buffer;

    private String window = "";

    private int windowOffset;

    private int windowLine = 1;

    private int windowColumn = 1;

    private int handedOut;

    private boolean endOfFile;

    private @Nullable StatementSplitter splitter;

    /**
     * @param reader the script's text, a byte order mark already skipped; closed by {@link #close()}
     * @param source the file description for error messages, e.g. {@code classpath:db/migration/001_init.up.sql}
     */
    public StatementStream(Reader reader, String source) {
        this(reader, source, CHUNK);
    }

    StatementStream(Reader reader, String source, int chunk) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.source = Objects.requireNonNull(source, "source");
        this.chunk = chunk;
        this.buffer = new char[chunk];
    }

    /**
     * @return the next statement, numbered and located as {@link SqlScriptParser#parse} would, or {@code null} after
     * the last one
     * @throws IOException if the reader fails
     * @throws dev.confiture.api.ConfitureException {@link dev.confiture.api.ErrorCode#SQL_PARSE_ERROR} as
     * {@link SqlScriptParser#parse} throws it, once the text that decides it has been read
     */
    public @Nullable SqlStatement next() throws IOException {
        while (true) {
            StatementSplitter current = splitter;
            if (current == null) {
                current = new StatementSplitter(window, source, windowLine, windowColumn, windowOffset, handedOut,
                        endOfFile);
                splitter = current;
            }
            try {
                SqlStatement statement = current.next();
                if (statement != null) {
                    handedOut = statement.index();
                }
                return statement;
            }
            catch (MoreTextNeeded more) {
                readMore(current);
            }
        }
    }

    /**
     * Keeps the window from the end of the last statement handed out and reads at least as much again (at least a
     * chunk), so that a long statement is split again only a logarithmic number of times.
     */
    private void readMore(StatementSplitter current) throws IOException {
        int keep = current.resumeAt();
        int[] lineAndColumn = current.lineAndColumn(keep);
        String kept = window.substring(keep);
        long nextOffset = (long) windowOffset + keep;
        if (nextOffset > Integer.MAX_VALUE - (long) kept.length() - chunk) {
            throw new IOException(source + " has more than " + Integer.MAX_VALUE + " characters, which statement "
                    + "offsets cannot count: split it into several migrations");
        }
        int wanted = Math.max(chunk, kept.length());
        StringBuilder next = new StringBuilder(kept.length() + wanted).append(kept);
        int read = 0;
        while (read < wanted) {
            int count = reader.read(buffer, 0, Math.min(buffer.length, wanted - read));
            if (count < 0) {
                endOfFile = true;
                break;
            }
            next.append(buffer, 0, count);
            read += count;
        }
        window = next.toString();
        windowOffset = (int) nextOffset;
        windowLine = lineAndColumn[0];
        windowColumn = lineAndColumn[1];
        splitter = null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
