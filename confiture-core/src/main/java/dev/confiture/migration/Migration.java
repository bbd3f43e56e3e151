package dev.confiture.migration;

import java.sql.Connection;

import org.jspecify.annotations.Nullable;

/**
 * A migration written in Java, registered as a Spring bean or passed to the core builder. Its
 * version and name follow the same rule as file names: {@code version} is digits only (compared as
 * a number), {@code name} is {@code [A-Za-z0-9_-]+}.
 */
public interface Migration {

    /**
     * @return the version, digits only, e.g. {@code "002"} or {@code "20240101120000"}
     */
    String version();

    /**
     * @return the name, {@code [A-Za-z0-9_-]+}, e.g. {@code "backfill_totals"}
     */
    String name();

    /**
     * Applies the migration.
     * @param connection the connection to run on (Confiture manages its transaction)
     * @throws Exception when the migration fails
     */
    void up(Connection connection) throws Exception;

    /**
     * @return whether {@link #down(Connection)} reverts this migration
     */
    default boolean reversible() {
        return false;
    }

    /**
     * Reverts the migration.
     * @param connection the connection to run on (Confiture manages its transaction)
     * @throws Exception when reverting fails
     * @throws UnsupportedOperationException unless overridden
     */
    default void down(Connection connection) throws Exception {
        throw new UnsupportedOperationException("Migration " + version() + "_" + name() + " ("
                + getClass().getName() + ") is not reversible: override reversible() to return true and "
                + "implement down(Connection)");
    }

    /**
     * @return the migration's metadata, as a file would give it in {@code -- confiture:} headers
     */
    default MigrationMetadata metadata() {
        return MigrationMetadata.NONE;
    }

    /**
     * @return a checksum stored in {@code tb_confiture.checksum} and compared on later runs to notice a
     * changed migration, or {@code null} for none
     */
    default @Nullable String checksum() {
        return null;
    }
}
