package dev.confiture.spring.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Confiture makes.
 */
public enum ConfitureObservationDocumentation implements ObservationDocumentation {

    /**
     * One startup migration of one Confiture bean (what {@code confiture.startup-mode} or a
     * {@code ConfitureMigrationStrategy} does).
     */
    STARTUP {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultConfitureStartupObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }
    };

    /**
     * The low-cardinality keys of {@link #STARTUP}: bounded by the application's configuration.
     */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The Confiture bean's name: {@code confiture}, {@code confiture.<name>}. */
        INSTANCE {

            @Override
            public String asString() {
                return "instance";
            }
        },

        /** What startup did: {@code migrate}, {@code validate}, {@code async}, {@code strategy}. */
        MODE {

            @Override
            public String asString() {
                return "mode";
            }
        }
    }
}
