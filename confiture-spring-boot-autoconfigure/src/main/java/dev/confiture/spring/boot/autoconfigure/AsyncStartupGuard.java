package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Refuses {@code confiture.startup-mode=async} beside Hibernate schema management: in async mode the application
 * starts while the migration runs, so Hibernate would validate (or change) a schema that is still the old one, and
 * the start would fail with "missing table" or race the migration. Checked before anything is migrated.
 */
final class AsyncStartupGuard {

    private static final List<String> SCHEMA_ACTIONS = List.of("spring.jpa.hibernate.ddl-auto",
            "spring.jpa.properties.hibernate.hbm2ddl.auto",
            "spring.jpa.properties.jakarta.persistence.schema-generation.database.action");

    private AsyncStartupGuard() {
    }

    static void check(StartupMode mode, String modeProperty, Environment environment) {
        if (mode != StartupMode.ASYNC || !ClassUtils.isPresent("org.hibernate.SessionFactory", null)) {
            return;
        }
        for (String property : SCHEMA_ACTIONS) {
            String action = environment.getProperty(property);
            if (action != null && !action.isBlank() && !action.trim().toLowerCase(Locale.ROOT).equals("none")) {
                throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, modeProperty + "=async cannot be combined "
                        + "with " + property + "=" + action.trim() + ": Hibernate reads the schema while the application "
                        + "starts, and in async mode the migration is still running then",
                        "Set " + modeProperty + "=migrate (the start waits for the migration; readiness is then right "
                                + "at once), or " + property + "=none (the default when Confiture manages the schema)");
            }
        }
    }
}
