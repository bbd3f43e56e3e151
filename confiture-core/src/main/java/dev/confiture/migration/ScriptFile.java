package dev.confiture.migration;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * An SQL file's content.
 *
 * @param description where the file lives, e.g. {@code classpath:db/migration/001_init.up.sql}
 * @param bytes the raw bytes (what the checksum is computed from); a copy is returned
 * @param text the bytes strictly decoded as UTF-8, with a leading byte order mark removed
 */
public record ScriptFile(String description, byte[] bytes, String text) {

    /**
     * @param description where the file lives
     * @param bytes the raw bytes (copied)
     * @param text the decoded text without byte order mark
     */
    public ScriptFile {
        bytes = bytes.clone();
    }

    /**
     * @return a copy of the raw bytes
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof ScriptFile file) && description.equals(file.description)
                && Arrays.equals(bytes, file.bytes) && text.equals(file.text);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * description.hashCode() + Arrays.hashCode(bytes)) + text.hashCode();
    }

    @Override
    public String toString() {
        return "ScriptFile[" + description + ", " + bytes.length + " bytes]";
    }
}
