package dev.confiture.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The text of a streamed migration file, decoded strictly as UTF-8 with its byte order mark skipped, whose bytes are
 * hashed as they are read: at the end of the file the checksum must still be the one recorded at discovery, so a file
 * edited while it runs fails (its transaction rolled back) instead of being recorded under a checksum it no longer has.
 */
final class VerifyingReader extends Reader {

    private final MessageDigest digest = Checksums.newSha256();

    private final Reader text;

    private final String description;

    private final String checksum;

    private boolean started;

    private boolean verified;

    VerifyingReader(InputStream bytes, String description, String checksum) {
        this.text = new InputStreamReader(new DigestInputStream(bytes, digest), StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.description = description;
        this.checksum = checksum;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int count = text.read(buffer, offset, length);
        if (!started && count > 0) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                // the byte order mark: not text (as when a file is read whole)
                System.arraycopy(buffer, offset + 1, buffer, offset, count - 1);
                count--;
                if (count == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        if (count < 0) {
            verify();
        }
        return count;
    }

    private void verify() throws ChangedFileException {
        if (verified) {
            return;
        }
        String now = HexFormat.of().formatHex(digest.digest());
        if (!now.equals(checksum)) {
            throw new ChangedFileException("Migration file " + description + " changed while it was being applied: "
                    + "its sha256 was " + checksum + " when discovered and is " + now + " now");
        }
        verified = true;
    }

    @Override
    public void close() throws IOException {
        text.close();
    }
}
