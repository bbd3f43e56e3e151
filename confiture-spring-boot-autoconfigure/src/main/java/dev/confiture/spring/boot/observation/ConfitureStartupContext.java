package dev.confiture.spring.boot.observation;

import io.micrometer.observation.Observation;

/**
 * What a startup migration's observation knows: which Confiture bean ran and what it did.
 */
public final class ConfitureStartupContext extends Observation.Context {

    private final String instance;

    private final String mode;

    /**
     * @param instance the Confiture bean's name, e.g. {@code confiture} or {@code confiture.billing}
     * @param mode what startup did: {@code migrate}, {@code validate}, {@code async} or {@code strategy}
     */
    public ConfitureStartupContext(String instance, String mode) {
        this.instance = instance;
        this.mode = mode;
    }

    /**
     * @return the Confiture bean's name
     */
    public String getInstance() {
        return instance;
    }

    /**
     * @return what startup did: {@code migrate}, {@code validate}, {@code async} or {@code strategy}
     */
    public String getMode() {
        return mode;
    }
}
