package dev.confiture.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * Reads a value every case puts in its maps: a missing one is a bug of the harness, said by name.
 */
final class Required {

    private Required() {
    }

    static <V> V get(Map<String, V> map, String key) {
        return Objects.requireNonNull(map.get(key), () -> "no value named " + key);
    }
}
