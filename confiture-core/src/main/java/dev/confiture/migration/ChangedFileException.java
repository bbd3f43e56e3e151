package dev.confiture.migration;

import java.io.IOException;

/**
 * A file read statement by statement ({@link ScriptFile#streamed()}) no longer has the checksum it had when it was
 * discovered: what was read of it may not be what was checked, planned and is about to be recorded.
 */
final class ChangedFileException extends IOException {

    private static final long serialVersionUID = 1L;

    ChangedFileException(String message) {
        super(message);
    }
}
