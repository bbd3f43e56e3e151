package dev.confiture.safety;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * PostgreSQL's table lock modes, weakest first, with what each blocks for the application.
 */
public enum LockMode {

    /** Taken by SELECT: conflicts only with ACCESS EXCLUSIVE. */
    ACCESS_SHARE,

    /** Taken by SELECT FOR UPDATE/SHARE. */
    ROW_SHARE,

    /** Taken by INSERT, UPDATE, DELETE. */
    ROW_EXCLUSIVE,

    /** VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT: reads and writes go on. */
    SHARE_UPDATE_EXCLUSIVE,

    /** CREATE INDEX: blocks writes, reads go on. */
    SHARE,

    /** CREATE TRIGGER, ADD FOREIGN KEY: blocks writes, reads go on. */
    SHARE_ROW_EXCLUSIVE,

    /** REFRESH MATERIALIZED VIEW CONCURRENTLY: blocks writes and SELECT FOR UPDATE. */
    EXCLUSIVE,

    /** Most ALTER TABLE forms, DROP, TRUNCATE, VACUUM FULL, CLUSTER: blocks everything, reads too. */
    ACCESS_EXCLUSIVE;

    /** @return the name as PostgreSQL writes it in {@code pg_locks}, e.g. {@code ShareRowExclusiveLock} */
    public String pgLocksName() {
        StringBuilder name = new StringBuilder();
        for (String part : name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.append("Lock").toString();
    }

    /** @return whether the application's writes wait while it is held */
    public boolean blocksWrites() {
        return compareTo(SHARE) >= 0;
    }

    /** @return whether the application's reads wait while it is held */
    public boolean blocksReads() {
        return this == ACCESS_EXCLUSIVE;
    }

    /** @return the JSON value, e.g. {@code share_row_exclusive} */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
