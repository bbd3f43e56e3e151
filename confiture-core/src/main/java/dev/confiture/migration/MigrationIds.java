package dev.confiture.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Stable ids of migrations: the {@code id} column of {@code tb_confiture} for a migration Confiture
 * applies is the name-based UUID (version 5, SHA-1, RFC 4122 / RFC 9562) of its slug
 * {@code {version}_{name}}, so the same migration has the same id in every environment and a
 * pending migration already knows its id.
 */
public final class MigrationIds {

    /** Confiture's namespace for name-based ids. Never change it: stored ids depend on it. */
    public static final UUID NAMESPACE = UUID.fromString("5c0a6f2e-2b1d-5a8e-9c3f-c0f17e2e0a01");

    private MigrationIds() {
    }

    /**
     * @param slug the migration's slug, {@code {version}_{name}}, e.g. {@code 001_init}
     * @return the version 5 UUID of the slug's UTF-8 bytes in {@link #NAMESPACE}
     */
    public static UUID idOf(String slug) {
        MessageDigest sha1 = Digests.sha1();
        sha1.update(ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits())
            .putLong(NAMESPACE.getLeastSignificantBits())
            .array());
        byte[] hash = sha1.digest(slug.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
