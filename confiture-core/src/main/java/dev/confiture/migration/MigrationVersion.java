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

    private final String text;

    private final BigInteger value;

    private MigrationVersion(String text, BigInteger value) {
        this.text = text;
        this.value = value;
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
        return new MigrationVersion(text, new BigInteger(text));
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
        return value;
    }

    @Override
    public int compareTo(MigrationVersion other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return (other instanceof MigrationVersion version) && value.equals(version.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
