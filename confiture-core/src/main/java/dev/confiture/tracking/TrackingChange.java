package dev.confiture.tracking;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A change to the tracking table (a row recorded or removed) that a {@link RunJournal} commits together with its
 * event, in one round trip. Opaque outside this package: only the tracking table makes one, only the journal sends it.
 */
public final class TrackingChange {

    /** Binds the change's parameters from {@code first} on and returns the index of the next one. */
    @FunctionalInterface
    interface Binder {

        int bind(PreparedStatement statement, int first) throws SQLException;
    }

    private final String sql;

    private final Binder binder;

    TrackingChange(String sql, Binder binder) {
        this.sql = sql;
        this.binder = binder;
    }

    String sql() {
        return sql;
    }

    int bind(PreparedStatement statement, int first) throws SQLException {
        return binder.bind(statement, first);
    }
}
