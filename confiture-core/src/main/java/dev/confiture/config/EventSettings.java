package dev.confiture.config;

import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What every event in the event log says about who ran it, and where else events go.
 * @param applicationName the application written into every event ({@code null}: none)
 * @param appliedBy who applies migrations ({@code null}: the database user)
 * @param centralEventLog a second database that receives every event too ({@code null}: none)
 */
public record EventSettings(@Nullable String applicationName, @Nullable String appliedBy,
        @Nullable DataSource centralEventLog) {

    /** No application name, the database user, no central log. */
    public static final EventSettings DEFAULTS = new EventSettings(null, null, null);
}
