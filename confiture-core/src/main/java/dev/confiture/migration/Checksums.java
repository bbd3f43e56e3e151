package dev.confiture.migration;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
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
     * Whether {@code current} differs from the bytes that produced {@code storedChecksum} only in line
     * endings (CRLF, CR or LF) and/or a UTF-8 byte order mark: tries {@code current} normalized to LF
     * and to CRLF, each with and without a BOM. Also {@code true} when {@code current} is unchanged,
     * so callers compare the exact checksum first to tell the two apart.
     * @param storedChecksum the sha256 hex recorded when the migration was applied (any case)
     * @param current the file's bytes now
     * @return whether the difference is only line endings and/or a BOM
     */
    public static boolean sameExceptLineEndings(String storedChecksum, byte[] current) {
        String stored = storedChecksum.strip().toLowerCase(Locale.ROOT);
        byte[] lf = toLf(withoutBom(current));
        byte[] crlf = toCrlf(lf);
        for (byte[] variant : new byte[][] { lf, crlf }) {
            if (sha256Hex(variant).equals(stored) || sha256Hex(withBom(variant)).equals(stored)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    private static byte[] withoutBom(byte[] bytes) {
        return hasBom(bytes) ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
    }

    private static byte[] withBom(byte[] bytes) {
        byte[] result = new byte[bytes.length + 3];
        System.arraycopy(BOM, 0, result, 0, 3);
        System.arraycopy(bytes, 0, result, 3, bytes.length);
        return result;
    }

    /** CRLF and lone CR become LF (safe on UTF-8 bytes: no multi-byte sequence contains 0x0D or 0x0A). */
    private static byte[] toLf(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r') {
                out.write('\n');
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            }
            else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] toCrlf(byte[] lf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lf.length + lf.length / 16);
        for (byte b : lf) {
            if (b == '\n') {
                out.write('\r');
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
