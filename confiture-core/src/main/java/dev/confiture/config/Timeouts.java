package dev.confiture.config;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long a run waits, for other migrators and for the server: one home for the four timeout settings and their
 * rules. A migration file's {@code lock-timeout} and {@code statement-timeout} headers override the last two for that
 * file.
 * @param lockWait how long to wait for another migrator's lock
 * @param lockTimeout PostgreSQL {@code lock_timeout} per migration ({@code null}: the server's setting)
 * @param lockTimeoutRetries retries, with backoff, of a transactional migration that hit {@code lock_timeout}
 * @param statementTimeout PostgreSQL {@code statement_timeout} per migration ({@code null}: the server's setting)
 */
public record Timeouts(Duration lockWait, @Nullable Duration lockTimeout, int lockTimeoutRetries,
        @Nullable Duration statementTimeout) {

    /** The defaults: wait 5 minutes for the lock, {@code lock_timeout} 10 s retried 3 times, the server's statement timeout. */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMinutes(5), Duration.ofSeconds(10), 3, null);

    /**
     * @throws ConfitureException {@link ErrorCode#INVALID_CONFIGURATION} for a negative duration or retry count
     */
    public Timeouts {
        requireNonNegative(lockWait, "lock-wait", Setting.LOCK_WAIT);
        if (lockTimeout != null) {
            requireNonNegative(lockTimeout, "lock-timeout", Setting.LOCK_TIMEOUT);
        }
        if (lockTimeoutRetries < 0) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "lock-timeout-retries is " + lockTimeoutRetries,
                    "Set " + Setting.LOCK_TIMEOUT_RETRIES.token() + " to 0 or more");
        }
        if (statementTimeout != null) {
            requireNonNegative(statementTimeout, "statement-timeout", Setting.STATEMENT_TIMEOUT);
        }
    }

    private static void requireNonNegative(Duration value, String name, Setting setting) {
        if (value.isNegative()) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, name + " is negative (" + value + ")",
                    "Set " + setting.token() + " to zero or a positive duration");
        }
    }
}
