package dev.confiture.jdbc;

/**
 * Elapsed time as every result reports it: whole milliseconds since a {@link System#nanoTime()} reading.
 */
public final class Elapsed {

    private Elapsed() {
    }

    /**
     * @param startNanos a {@link System#nanoTime()} reading
     * @return the whole milliseconds since then
     */
    public static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
