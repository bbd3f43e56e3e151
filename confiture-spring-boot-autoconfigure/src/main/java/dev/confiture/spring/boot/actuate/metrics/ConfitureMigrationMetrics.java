package dev.confiture.spring.boot.actuate.metrics;

import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.MigrationListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Records each migration as it runs in the timer {@code confiture.migrations.duration}, tagged {@code instance} (the
 * Confiture bean's name; {@code confiture.tenants} for every tenant) and {@code outcome} ({@code success} or {@code failure}): its count with
 * {@code outcome=failure} is the number of failed migrations. Every tag is bounded by the configuration; which migration
 * it was is in the event log, not in a tag that would add a series per migration forever.
 */
public class ConfitureMigrationMetrics implements MigrationListener {

    /** The timer of each migration's duration. */
    public static final String DURATION = "confiture.migrations.duration";

    private final ObjectProvider<MeterRegistry> registry;

    /**
     * @param registry where to record, looked up on first use: the Confiture bean needs this listener
     * before the registry may be complete
     */
    public ConfitureMigrationMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void migrationApplied(String instance, MigrationExecution execution) {
        timer(instance, "success").record(Duration.ofMillis(execution.executionTimeMs()));
    }

    @Override
    public void migrationFailed(String instance, MigrationFailedException failure, long durationMs) {
        timer(instance, "failure").record(Duration.ofMillis(durationMs));
    }

    private Timer timer(String instance, String outcome) {
        return Timer.builder(DURATION).description("How long each migration ran").tag("instance", bounded(instance))
                .tag("outcome", outcome).register(registry.getObject());
    }

    /**
     * A tenant's instance is {@code confiture.tenants/<schema>}; tenants found by a query are not bounded by the
     * configuration, so all of them share the tag {@code confiture.tenants}.
     */
    static String bounded(String instance) {
        int tenant = instance.indexOf('/');
        return (tenant < 0) ? instance : instance.substring(0, tenant);
    }
}
