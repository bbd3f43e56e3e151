package dev.confiture.migration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file found in a migration location by {@link LocationScanner} (any file: the
 * {@link MigrationCatalog} decides which ones are migrations).
 */
public interface MigrationResource {

    /**
     * @return the path relative to its location, {@code '/'}-separated, e.g. {@code 2024/001_init.up.sql}
     */
    String path();

    /**
     * @return where the file lives, for messages: {@code classpath:db/migration/2024/001_init.up.sql}
     * or an absolute file path
     */
    String description();

    /**
     * @return the file's bytes
     * @throws IOException if the file cannot be read
     */
    byte[] read() throws IOException;

    /**
     * Opens the file for reading from its start, for a file too large to {@link #read()} whole: overridden by the
     * resources that can read it without holding it.
     * @return a new stream of the file's bytes, to be closed by the caller
     * @throws IOException if the file cannot be read
     */
    default InputStream open() throws IOException {
        return new ByteArrayInputStream(read());
    }

    /**
     * @return the file's size in bytes without reading it, or {@code -1} when it is not known before reading
     */
    default long size() {
        return -1;
    }
}
