package dev.confiture.spring.boot.actuate.metrics;

import dev.confiture.Confiture;
import dev.confiture.status.StatusReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges {@code confiture.migrations.pending} and {@code confiture.migrations.applied}, tagged with the Confiture bean's
 * name as {@code instance}. Each gauge read costs one cheap change check ({@link Confiture#recentStatus(Duration)}: one
 * short query); the status is read in full only when the tracking records changed or once a minute. A database that
 * cannot be reached reads as NaN.
 */
public class ConfitureStatusMetrics implements MeterBinder {

    /** The gauge of pending migrations. */
    public static final String PENDING = "confiture.migrations.pending";

    /** The gauge of applied migrations. */
    public static final String APPLIED = "confiture.migrations.applied";

    /** How long a full status read is trusted while the change check finds nothing. */
    static final Duration FULL_READ_INTERVAL = Duration.ofMinutes(1);

    private static final Logger logger = LoggerFactory.getLogger(ConfitureStatusMetrics.class);

    private final Map<String, Confiture> confitures;

    /**
     * @param confitures the Confiture beans by bean name
     */
    public ConfitureStatusMetrics(Map<String, Confiture> confitures) {
        this.confitures = Map.copyOf(confitures);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        confitures.forEach((name, confiture) -> {
            gauge(registry, PENDING, "Migrations not applied yet", name, confiture,
                    status -> status.summary().pending());
            gauge(registry, APPLIED, "Migrations applied", name, confiture, status -> status.summary().applied());
        });
    }

    private void gauge(MeterRegistry registry, String metric, String description, String name, Confiture confiture,
            ToDoubleFunction<StatusReport> value) {
        Gauge.builder(metric, confiture, target -> read(target, value)).description(description).tag("instance", name)
                .register(registry);
    }

    private double read(Confiture confiture, ToDoubleFunction<StatusReport> value) {
        try {
            return value.applyAsDouble(confiture.recentStatus(FULL_READ_INTERVAL));
        }
        catch (RuntimeException ex) {
            logger.debug("Could not read the migration status for a gauge", ex);
            return Double.NaN;
        }
    }
}
