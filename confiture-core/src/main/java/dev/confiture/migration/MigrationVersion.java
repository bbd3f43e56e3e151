package dev.confiture.migration;

import java.math.BigInteger;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A migration version: digits only, compared numerically as a big integer, so {@code "001"} equals
 * {@code "1"} and both are lower than {@code "20"}. The text is kept as written (it is what the
 * tracking table stores and what messages show).
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

    /** Digits that always fit in a {@code long}: every version with fewer significant digits is held as one. */
    private static final int LONG_DIGITS = 18;

    private final String text;

    /**
     * The value when it has at most {@link #LONG_DIGITS} significant digits (every version but an outlandish one),
     * else -1 and {@link #big} holds it: a start-up compares versions thousands of times, and comparing longs costs
     * a cold JVM nothing, comparing {@link BigInteger}s costs it the interpreter's time and then the JIT's.
     */
    private final long small;

    private final @Nullable BigInteger big;

    private MigrationVersion(String text, long small, @Nullable BigInteger big) {
        this.text = text;
        this.small = small;
        this.big = big;
    }

    /**
     * Parses a version.
     * @param text the version as written, e.g. {@code "001"} or {@code "20240101120000"}
     * @return the version
     * @throws IllegalArgumentException unless {@code text} is one or more ASCII digits
     */
    public static MigrationVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!isDigits(text)) {
            throw new IllegalArgumentException("Invalid migration version '" + text
                    + "': a version is digits only (0-9), e.g. 001 or 20240101120000");
        }
        int significant = 0;
        while (significant < text.length() - 1 && text.charAt(significant) == '0') {
            significant++;
        }
        if (text.length() - significant <= LONG_DIGITS) {
            return new MigrationVersion(text, Long.parseLong(text, significant, text.length(), 10), null);
        }
        return new MigrationVersion(text, -1, new BigInteger(text));
    }

    /** @return whether {@code text} is one or more ASCII digits */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the version as written, e.g. {@code "001"}
     */
    public String text() {
        return text;
    }

    /**
     * @return the numeric value, e.g. {@code 1} for {@code "001"}
     */
    public BigInteger value() {
        return (big != null) ? big : BigInteger.valueOf(small);
    }

    @Override
    public int compareTo(MigrationVersion other) {
        if (big == null && other.big == null) {
            return Long.compare(small, other.small);
        }
        // a value held as a BigInteger has more significant digits than any held as a long, so it is larger
        return (big == null) ? -1 : (other.big == null) ? 1 : big.compareTo(other.big);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof MigrationVersion version) && small == version.small
                && Objects.equals(big, version.big);
    }

    @Override
    public int hashCode() {
        return (big != null) ? big.hashCode() : Long.hashCode(small);
    }

    @Override
    public String toString() {
        return text;
    }
}
