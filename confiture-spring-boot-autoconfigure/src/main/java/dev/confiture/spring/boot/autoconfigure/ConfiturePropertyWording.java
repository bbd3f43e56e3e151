package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.Setting;
import dev.confiture.api.Wording;

/**
 * The starter's words for the settings messages mention: its {@code confiture.*} properties (a named instance's
 * own properties under {@code confiture.instances.<name>}); operations keep the Java API's names.
 *
 * @param instancePrefix the prefix of the instance's own properties: {@code confiture} or
 * {@code confiture.instances.<name>}
 */
record ConfiturePropertyWording(String instancePrefix) implements Wording {

    @Override
    public String name(Setting setting) {
        return switch (setting) {
            case LOCATIONS -> instancePrefix + ".locations";
            case ENVIRONMENT -> instancePrefix + ".environment";
            case SCHEMA -> instancePrefix + ".schema";
            case TABLE -> instancePrefix + ".table";
            case DATA_SOURCE -> instancePrefix + ".url, " + instancePrefix + ".user and " + instancePrefix + ".password";
            case TARGET -> "confiture.target";
            case OUT_OF_ORDER -> "confiture.out-of-order";
            case LOCK_WAIT -> "confiture.lock-wait";
            case LOCK_TIMEOUT -> "confiture.lock-timeout";
            case STATEMENT_TIMEOUT -> "confiture.statement-timeout";
            case LOCK_TIMEOUT_RETRIES -> "confiture.lock-timeout-retries";
            case BASELINE_VERSION -> "confiture.baseline-version";
            case SAFETY_FAIL_ON -> "confiture.safety.fail-on";
            case CLEAN_ENABLED -> "confiture.clean-enabled";
            case INSTANCE_EXPIRE_AFTER -> "confiture.heartbeat.expire-after";
            case HOLD_CONTRACT -> "confiture.hold-contract";
            case PLACEHOLDERS -> "confiture.placeholders.<name>";
            case TENANT_SCHEMAS -> "confiture.tenants.schemas";
            case TENANT_QUERY -> "confiture.tenants.query";
            case TENANT_PARALLELISM -> "confiture.tenants.parallelism";
            case APPROVE, REPAIR, DOWN -> Wording.JAVA.name(setting);
        };
    }
}
