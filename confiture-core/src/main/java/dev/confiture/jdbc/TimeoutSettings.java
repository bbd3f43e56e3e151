package dev.confiture.jdbc;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.MigrationMetadata;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL {@code lock_timeout} and {@code statement_timeout} one migration runs with: the
 * configured defaults, overridden by the file's headers. {@code null} leaves the server's setting.
 *
 * @param lockTimeout the lock timeout, or {@code null}
 * @param statementTimeout the statement timeout, or {@code null}
 */
public record TimeoutSettings(@Nullable Duration lockTimeout, @Nullable Duration statementTimeout) {

    /**
     * @param configuration the global defaults
     * @param metadata the migration's headers
     * @return the settings for that migration
     */
    public static TimeoutSettings of(ConfitureConfiguration configuration, MigrationMetadata metadata) {
        return new TimeoutSettings(
                (metadata.lockTimeout() != null) ? metadata.lockTimeout() : configuration.timeouts().lockTimeout(),
                (metadata.statementTimeout() != null) ? metadata.statementTimeout() : configuration.timeouts().statementTimeout());
    }

    /**
     * @param timeout a timeout
     * @return it as a PostgreSQL setting value in milliseconds ({@code 0} disables it); public so the
     * dry run sets timeouts exactly as migrate does
     */
    public static String setting(Duration timeout) {
        return timeout.toMillis() + "ms";
    }
}
