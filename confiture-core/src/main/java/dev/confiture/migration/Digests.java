package dev.confiture.migration;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One SHA-256 and one SHA-1 {@link MessageDigest} per thread: discovery hashes every file and every slug of an
 * instance, and looking the algorithm up among the security providers each time cost more than hashing a small
 * migration. A digest resets itself when {@link MessageDigest#digest} returns.
 */
final class Digests {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> create("SHA-256"));

    private static final ThreadLocal<MessageDigest> SHA_1 = ThreadLocal.withInitial(() -> create("SHA-1"));

    private Digests() {
    }

    static MessageDigest sha256() {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest;
    }

    static MessageDigest sha1() {
        MessageDigest digest = SHA_1.get();
        digest.reset();
        return digest;
    }

    private static MessageDigest create(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", ex);
        }
    }
}
