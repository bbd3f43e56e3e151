package dev.confiture.migration;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An SQL file's content: held whole, or, for a file above {@link MigrationCatalog#STREAMING_THRESHOLD_BYTES}, only
 * where to read it again ({@link #streamed()}), statement by statement.
 *
 * @param description where the file lives, e.g. {@code classpath:db/migration/001_init.up.sql}
 * @param bytes the raw bytes (what the checksum is computed from); a copy is returned
 * @param text the bytes strictly decoded as UTF-8, with a leading byte order mark removed
 * @param streamed for a file too large to hold, where it is read from: then {@code bytes} and {@code text} are not
 * held and their accessors throw
 */
public record ScriptFile(String description, byte[] bytes, String text, @Nullable Streamed streamed) {

    /**
     * A file read again each time it is used, never held whole.
     *
     * @param resource where it is read from
     * @param size its size in bytes
     * @param checksum the sha256 hex of its bytes when it was discovered: reading it again checks that it still is
     */
    public record Streamed(MigrationResource resource, long size, String checksum) {
    }

    /**
     * @param description where the file lives
     * @param bytes the raw bytes (copied)
     * @param text the decoded text without byte order mark
     * @param streamed where a file too large to hold is read from, {@code null} for a file held whole
     */
    public ScriptFile {
        bytes = bytes.clone();
    }

    /**
     * A file held whole.
     * @param description where the file lives
     * @param bytes the raw bytes (copied)
     * @param text the decoded text without byte order mark
     */
    public ScriptFile(String description, byte[] bytes, String text) {
        this(description, bytes, text, null);
    }

    /**
     * @param description where the file lives
     * @param streamed where it is read from
     * @return a file read statement by statement each time it is used
     */
    public static ScriptFile streamed(String description, Streamed streamed) {
        return new ScriptFile(description, new byte[0], "", Objects.requireNonNull(streamed, "streamed"));
    }

    /**
     * @return a copy of the raw bytes
     * @throws IllegalStateException for a {@link #streamed()} file, which is never held whole
     */
    @Override
    public byte[] bytes() {
        requireHeld();
        return bytes.clone();
    }

    /**
     * @return the decoded text
     * @throws IllegalStateException for a {@link #streamed()} file, which is never held whole
     */
    @Override
    public String text() {
        requireHeld();
        return text;
    }

    /**
     * Opens a streamed file's text: strict UTF-8, its byte order mark skipped; reading it to its end checks that its
     * bytes still have the checksum they had when discovered.
     * @return the text, to be closed by the caller
     * @throws IOException if the file cannot be read; when read, a {@link java.nio.charset.CharacterCodingException}
     * for bytes that are not UTF-8, and an {@link IOException} naming both checksums when the file changed since
     * discovery
     * @throws IllegalStateException for a file held whole
     */
    public Reader openText() throws IOException {
        Streamed where = streamed;
        if (where == null) {
            throw new IllegalStateException(description + " is held whole: read text()");
        }
        return new VerifyingReader(where.resource().open(), description, where.checksum());
    }

    private void requireHeld() {
        if (streamed != null) {
            throw new IllegalStateException(description + " is " + (streamed.size() / 1048576) + " MiB and read "
                    + "statement by statement: its text is not held (openText())");
        }
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof ScriptFile file) && description.equals(file.description)
                && Arrays.equals(bytes, file.bytes) && text.equals(file.text)
                && Objects.equals(streamed, file.streamed);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * description.hashCode() + Arrays.hashCode(bytes)) + text.hashCode())
                + Objects.hashCode(streamed);
    }

    @Override
    public String toString() {
        return "ScriptFile[" + description + ", " + ((streamed != null) ? streamed.size() + " bytes, streamed"
                : bytes.length + " bytes") + "]";
    }
}
