package dev.confiture.tracking;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of one run's events and attempts: UUIDs of version 7 (RFC 9562), a millisecond timestamp followed by 74 bits
 * that start at random for the run and count up within it. Unique within the run whatever the clock does (the
 * count), across runs as random ids are (74 random bits where version 4 has 122: two runs collide only when they
 * start their counts within a few thousand of each other, about one chance in 10<sup>18</sup>), and time-ordered, so
 * the event log's primary key grows at its end instead of splitting pages at random. One random draw per run: a
 * version 4 id costs a {@link java.security.SecureRandom} draw each, which a fresh JVM pays dearly for two ids per
 * migration (benchmark P9).
 */
final class TimeOrderedIds {

    private static final long COUNT_BITS = 0x3fff_ffff_ffff_ffffL;

    /** The 12 random bits after the version. */
    private final long randomA;

    /** The next 62-bit count, whose start is random. */
    private final AtomicLong count;

    /**
     * @param seed a random UUID (version 4) whose random bits seed the run's ids
     */
    TimeOrderedIds(UUID seed) {
        this.randomA = seed.getMostSignificantBits() & 0x0fff;
        this.count = new AtomicLong(seed.getLeastSignificantBits() & COUNT_BITS);
    }

    UUID next() {
        long millis = System.currentTimeMillis() & 0xffff_ffff_ffffL;
        long mostSignificant = (millis << 16) | 0x7000 | randomA;
        long leastSignificant = Long.MIN_VALUE | (count.getAndIncrement() & COUNT_BITS);
        return new UUID(mostSignificant, leastSignificant);
    }
}
