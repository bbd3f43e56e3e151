package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Refuses {@code confiture.startup-mode=async} beside Hibernate schema management: in async mode the application
 * starts while the migration runs, so Hibernate would validate (or change) a schema that is still the old one, and
 * the start would fail with "missing table" or race the migration. Checked before anything is migrated, through
 * Boot's binder, so every way of writing the settings counts (relaxed names, {@code spring.jpa.properties[...]}).
 */
final class AsyncStartupGuard {

    private static final List<String> SCHEMA_ACTIONS = List.of("hibernate.hbm2ddl.auto",
            "jakarta.persistence.schema-generation.database.action", "javax.persistence.schema-generation.database.action");

    private AsyncStartupGuard() {
    }

    static void check(StartupMode mode, String modeProperty, Environment environment) {
        if (mode != StartupMode.ASYNC || !ClassUtils.isPresent("org.hibernate.SessionFactory", null)) {
            return;
        }
        Binder binder = Binder.get(environment);
        refuseIfSet(modeProperty, "spring.jpa.hibernate.ddl-auto",
                binder.bind("spring.jpa.hibernate.ddl-auto", String.class).orElse(null));
        if (binder.bind("spring.jpa.generate-ddl", Boolean.class).orElse(false)) {
            refuseIfSet(modeProperty, "spring.jpa.generate-ddl", "true");
        }
        Map<String, String> jpa = binder.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        for (String action : SCHEMA_ACTIONS) {
            refuseIfSet(modeProperty, "spring.jpa.properties[" + action + "]", jpa.get(action));
        }
    }

    private static void refuseIfSet(String modeProperty, String property, @Nullable String action) {
        if (action != null && !action.isBlank() && !action.trim().toLowerCase(Locale.ROOT).equals("none")) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, modeProperty + "=async cannot be combined with "
                    + property + "=" + action.trim() + ": Hibernate reads the schema while the application starts, and in "
                    + "async mode the migration is still running then",
                    "Set " + modeProperty + "=migrate (the start waits for the migration; readiness is then right at once), "
                            + "or turn Hibernate's schema management off (spring.jpa.hibernate.ddl-auto=none, the default "
                            + "when Confiture manages the schema, and no other schema action)");
        }
    }
}
