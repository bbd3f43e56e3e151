package dev.confiture.migration;

/**
 * What a migration is made of.
 */
public enum MigrationType {

    /** An {@code .up.sql} file, with an optional {@code .down.sql} file. */
    SQL,

    /** A {@link Migration} class. */
    JAVA
}
