package dev.confiture.spring.boot.actuate.metrics;

import dev.confiture.api.MigrationExecution;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.MigrationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Records each migration as it runs: the timer {@code confiture.migration.duration} (tags
 * {@code instance}, {@code version}, {@code outcome} = {@code success} or {@code failure}) and the
 * counter {@code confiture.migration.failures} (tags {@code instance}, {@code version}).
 */
public class ConfitureMigrationMetrics implements MigrationListener {

    /** The timer of each migration's duration. */
    public static final String DURATION = "confiture.migration.duration";

    /** The counter of failed migrations. */
    public static final String FAILURES = "confiture.migration.failures";

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
        timer(instance, execution.version(), "success").record(Duration.ofMillis(execution.executionTimeMs()));
    }

    @Override
    public void migrationFailed(String instance, MigrationFailedException failure, long durationMs) {
        String version = failure.failure().version();
        timer(instance, version, "failure").record(Duration.ofMillis(durationMs));
        Counter.builder(FAILURES).description("Migrations that failed").tag("instance", instance)
                .tag("version", version).register(registry.getObject()).increment();
    }

    private Timer timer(String instance, String version, String outcome) {
        return Timer.builder(DURATION).description("How long each migration ran").tag("instance", instance)
                .tag("version", version).tag("outcome", outcome).register(registry.getObject());
    }
}
