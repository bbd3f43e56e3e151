package dev.confiture.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Upstream Confiture's migration lock: {@code pg_advisory_lock(1751936052, K)}, one per database, where
 * {@code 1751936052} is upstream's namespace constant and {@code K} the first four bytes (big-endian) of SHA-256 of
 * the database name, masked to a positive {@code int}. (Upstream's comment calls the constant the first 32 bits of
 * SHA-256("tb_confiture"); those are {@code 0xfe017739}, so the constant itself is what counts.) Confiture takes this key too
 * (in shared mode, so its own migrators of different tables still run side by side), so the two tools exclude
 * each other on one database.
 */
final class UpstreamLock {

    /** Upstream's advisory lock namespace, the first key of its two-key lock. */
    static final int NAMESPACE = 1751936052;

    private UpstreamLock() {
    }

    /**
     * @param database the database name, as {@code current_database()} returns it
     * @return upstream's second key for that database
     */
    static int keyFor(String database) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(database.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getInt() & 0x7FFFFFFF;
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
        }
    }
}
