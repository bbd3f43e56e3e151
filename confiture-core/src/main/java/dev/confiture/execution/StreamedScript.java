package dev.confiture.execution;

import dev.confiture.migration.ScriptFile;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.StatementStream;
import dev.confiture.sql.TransactionControl;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The statements of a transactional plan whose file is too large to hold ({@link ScriptFile#streamed()}): read again
 * from the file each time they run, one at a time, never held together. Planning has read the file once already (its
 * statements split, placeholders found, nothing that cannot run in a transaction), and reading it to its end checks
 * that it still has the checksum that will be recorded.
 */
public final class StreamedScript {

    private final ScriptFile file;

    private final UnaryOperator<SqlStatement> prepare;

    private final int statements;

    /**
     * @param file the streamed file
     * @param prepare what is done to each statement before it is sent (its placeholders replaced)
     * @param statements how many statements are sent (its own {@code BEGIN}/{@code COMMIT} left out)
     */
    StreamedScript(ScriptFile file, UnaryOperator<SqlStatement> prepare, int statements) {
        this.file = file;
        this.prepare = prepare;
        this.statements = statements;
    }

    /** @return how many statements are sent */
    public int statements() {
        return statements;
    }

    /** @return why the zero-downtime analysis does not read its statements, for its note */
    public String whyNotAnalysed() {
        ScriptFile.Streamed streamed = java.util.Objects.requireNonNull(file.streamed());
        return String.format(java.util.Locale.ROOT, "it is %.1f MiB, above the %d MiB from which a file is read "
                + "statement by statement only as it runs", streamed.size() / 1048576.0,
                dev.confiture.migration.MigrationCatalog.STREAMING_THRESHOLD_BYTES >> 20);
    }

    /** @return where they are read from */
    public ScriptFile file() {
        return file;
    }

    /**
     * @return the statements to send, read from the file as they are asked for
     * @throws IOException if the file cannot be opened
     */
    public Statements open() throws IOException {
        return new Statements(new StatementStream(file.openText(), file.description()), prepare);
    }

    /** The statements of one reading of the file, in order, as they are sent. */
    public static final class Statements implements Closeable {

        private final StatementStream stream;

        private final UnaryOperator<SqlStatement> prepare;

        private Statements(StatementStream stream, UnaryOperator<SqlStatement> prepare) {
            this.stream = stream;
            this.prepare = prepare;
        }

        /**
         * @return the next statement to send, {@code null} after the last one, once the file's checksum is checked
         * @throws IOException if reading fails, or the file changed since it was discovered
         */
        public @Nullable SqlStatement next() throws IOException {
            for (SqlStatement statement = stream.next(); statement != null; statement = stream.next()) {
                if (statement.transactionControl() == TransactionControl.NONE) {
                    return prepare.apply(statement);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
