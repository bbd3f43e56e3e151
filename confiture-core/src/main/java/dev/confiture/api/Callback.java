package dev.confiture.api;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Java code that runs at a {@link CallbackEvent}, as an SQL callback file does: on the run's connection, in a
 * transaction of its own that commits together with its event while the run holds the lock. Throwing fails the run
 * like a failing migration (except for the {@link CallbackEvent#afterError() after-error} events). In Spring, every
 * {@code Callback} bean is used, in {@code @Order}.
 */
public interface Callback {

    /**
     * @param event an event
     * @return whether {@link #handle} runs at it
     */
    boolean supports(CallbackEvent event);

    /**
     * @param event the event
     * @param connection the run's connection, in a transaction; do not commit, roll back or close it
     * @param migration the slug of the migration the event is about ({@code *_EACH_*} events), else {@code null}
     * @throws SQLException to fail the run
     */
    void handle(CallbackEvent event, Connection connection, @Nullable String migration) throws SQLException;

    /**
     * @return the name events and messages use; the class's simple name unless overridden
     */
    default String name() {
        return getClass().getSimpleName();
    }
}
