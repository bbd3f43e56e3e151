package dev.confiture.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the startup migration's observation; define a bean of this type to replace
 * {@link DefaultConfitureStartupObservationConvention}.
 */
public interface ConfitureStartupObservationConvention extends ObservationConvention<ConfitureStartupContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ConfitureStartupContext;
    }
}
