package dev.confiture.migration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checksums of migration files: sha256 of the raw bytes, as upstream Confiture stores them in
 * {@code tb_confiture.checksum}.
 */
public final class Checksums {

    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    private Checksums() {
    }

    /**
     * @param bytes the bytes
     * @return the sha256 of {@code bytes}, 64 lower-case hex digits
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.sha256().digest(bytes));
    }

    /**
     * The checksum of a file read as a stream, for a file too large to hold: the same value as
     * {@link #sha256Hex(byte[])} of its bytes.
     * @param in the bytes, read to their end (not closed)
     * @return the sha256 of them, 64 lower-case hex digits
     * @throws IOException if reading fails
     */
    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = Digests.sha256();
        byte[] buffer = new byte[1 << 16];
        for (int count = in.read(buffer); count >= 0; count = in.read(buffer)) {
            digest.update(buffer, 0, count);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Whether {@code current} differs from the bytes that produced {@code storedChecksum} only in line
     * endings (CRLF, CR or LF) and/or a UTF-8 byte order mark: tries {@code current} normalized to LF
     * and to CRLF, each with and without a BOM. Also {@code true} when {@code current} is unchanged,
     * so callers compare the exact checksum first to tell the two apart.
     * @param storedChecksum the sha256 hex recorded when the migration was applied (any case)
     * @param current the file's bytes now
     * @return whether the difference is only line endings and/or a BOM
     */
    public static boolean sameExceptLineEndings(String storedChecksum, byte[] current) {
        try {
            return sameExceptLineEndings(storedChecksum, new ByteArrayInputStream(current));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex); // a byte array does not fail
        }
    }

    /**
     * {@link #sameExceptLineEndings(String, byte[])} of a file read as a stream, in one pass: the four variants are
     * hashed side by side as the bytes go by.
     * @param storedChecksum the sha256 hex recorded when the migration was applied (any case)
     * @param current the file's bytes now, read to their end (not closed)
     * @return whether the difference is only line endings and/or a BOM
     * @throws IOException if reading fails
     */
    public static boolean sameExceptLineEndings(String storedChecksum, InputStream current) throws IOException {
        String stored = storedChecksum.strip().toLowerCase(Locale.ROOT);
        LineEndingVariants variants = new LineEndingVariants();
        byte[] buffer = new byte[1 << 16];
        for (int count = current.read(buffer); count >= 0; count = current.read(buffer)) {
            variants.update(buffer, count);
        }
        return variants.matches(stored);
    }

    /**
     * The file normalized to LF and to CRLF, each with and without a BOM, hashed as it is read: CRLF and a lone CR
     * become LF (safe on UTF-8 bytes: no multi-byte sequence contains 0x0D or 0x0A), and a leading BOM is dropped
     * before the two BOM variants put it back.
     */
    private static final class LineEndingVariants {

        private final MessageDigest lf = newSha256();

        private final MessageDigest lfBom = newSha256();

        private final MessageDigest crlf = newSha256();

        private final MessageDigest crlfBom = newSha256();

        private final byte[] head = new byte[3];

        private int headSize;

        private boolean started;

        private boolean afterCr;

        LineEndingVariants() {
            lfBom.update(BOM);
            crlfBom.update(BOM);
        }

        void update(byte[] bytes, int count) {
            int from = 0;
            if (!started) {
                // the first three bytes decide whether there is a BOM to drop
                while (headSize < 3 && from < count) {
                    head[headSize++] = bytes[from++];
                }
                if (headSize < 3) {
                    return;
                }
                started = true;
                normalize(head, hasBom(head) ? 3 : 0, 3);
            }
            normalize(bytes, from, count);
        }

        private void normalize(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                byte b = bytes[i];
                if (b == '\r') {
                    lineBreak();
                    afterCr = true;
                }
                else {
                    if (b != '\n' || !afterCr) {
                        if (b == '\n') {
                            lineBreak();
                        }
                        else {
                            lf.update(b);
                            lfBom.update(b);
                            crlf.update(b);
                            crlfBom.update(b);
                        }
                    }
                    afterCr = false;
                }
            }
        }

        private void lineBreak() {
            lf.update((byte) '\n');
            lfBom.update((byte) '\n');
            crlf.update(CRLF);
            crlfBom.update(CRLF);
        }

        boolean matches(String stored) {
            if (!started) {
                started = true;
                normalize(head, 0, headSize); // fewer than three bytes: no BOM
            }
            for (MessageDigest digest : new MessageDigest[] { lf, lfBom, crlf, crlfBom }) {
                if (HexFormat.of().formatHex(digest.digest()).equals(stored)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final byte[] CRLF = { '\r', '\n' };

    /** @return a new SHA-256 digest, for hashing several things side by side */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", ex);
        }
    }

    static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }
}
