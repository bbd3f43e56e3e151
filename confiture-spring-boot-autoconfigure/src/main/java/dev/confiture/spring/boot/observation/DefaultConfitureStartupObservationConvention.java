package dev.confiture.spring.boot.observation;

import io.micrometer.common.KeyValues;

/**
 * The observation {@code confiture.migrations.startup} with the low-cardinality keys {@code instance} and {@code mode}
 * (see {@link ConfitureObservationDocumentation}); Micrometer adds {@code error} when the run fails.
 */
public class DefaultConfitureStartupObservationConvention implements ConfitureStartupObservationConvention {

    /** The observation's name, and so the name of the timer Micrometer makes of it. */
    public static final String NAME = "confiture.migrations.startup";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ConfitureStartupContext context) {
        return "confiture " + context.getMode();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ConfitureStartupContext context) {
        return KeyValues.of(ConfitureObservationDocumentation.LowCardinalityKeyNames.INSTANCE.withValue(context.getInstance()),
                ConfitureObservationDocumentation.LowCardinalityKeyNames.MODE.withValue(context.getMode()));
    }
}
