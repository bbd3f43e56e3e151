package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.status.MigrationStatus;
import dev.confiture.status.RepeatableStatus;
import dev.confiture.status.StatusReport;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs whatever the configuration: the default locations' files (as Boot registers
 * {@code db/migration/**} for Flyway; configured locations are added by {@link ConfitureLocationsAotProcessor}) and
 * the status records Jackson writes by reflection.
 */
final class ConfitureRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.resources().registerPattern("db/migration/**").registerPattern("db/tenant/**");
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), StatusReport.class,
                MigrationStatus.class, RepeatableStatus.class);
    }
}
