package dev.confiture.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7WithTheCurrentMillisecondAndTheIetfVariant() {
        long before = System.currentTimeMillis();
        UUID id = new TimeOrderedIds(UUID.randomUUID()).next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void aRunsIdsAreUniqueAndCountUpFromItsRandomSeed() {
        UUID seed = UUID.randomUUID();
        TimeOrderedIds ids = new TimeOrderedIds(seed);
        Set<UUID> seen = new HashSet<>();
        long previousCount = -1;
        for (int i = 0; i < 100_000; i++) {
            UUID id = ids.next();
            assertThat(seen.add(id)).as("id %s is new", id).isTrue();
            long count = id.getLeastSignificantBits() & 0x3fff_ffff_ffff_ffffL;
            if (previousCount >= 0) {
                assertThat(count).isEqualTo((previousCount + 1) & 0x3fff_ffff_ffff_ffffL);
            }
            previousCount = count;
            assertThat(id.getMostSignificantBits() & 0x0fff).isEqualTo(seed.getMostSignificantBits() & 0x0fff);
        }
    }

    @Test
    void twoRunsDrawDifferentIds() {
        TimeOrderedIds one = new TimeOrderedIds(UUID.randomUUID());
        TimeOrderedIds other = new TimeOrderedIds(UUID.randomUUID());
        Set<UUID> first = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            first.add(one.next());
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(first).doesNotContain(other.next());
        }
    }
}
