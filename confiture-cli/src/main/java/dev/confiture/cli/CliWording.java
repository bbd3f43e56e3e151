package dev.confiture.cli;

import dev.confiture.api.Setting;
import dev.confiture.api.Wording;

/**
 * The command line's words for the settings and operations messages mention: its flags and commands.
 */
final class CliWording implements Wording {

    static final CliWording INSTANCE = new CliWording();

    private CliWording() {
    }

    @Override
    public String name(Setting setting) {
        return switch (setting) {
            case LOCATIONS -> "--locations";
            case ENVIRONMENT -> "--env";
            case SCHEMA -> "--schema";
            case TABLE -> "--table";
            case TARGET -> "--target";
            case OUT_OF_ORDER -> "--out-of-order";
            case LOCK_WAIT -> "--lock-wait";
            case LOCK_TIMEOUT -> "lock_timeout (a migration file's lock-timeout header; lockTimeout in a Java configuration)";
            case STATEMENT_TIMEOUT -> "statement_timeout (a migration file's statement-timeout header; statementTimeout in a Java "
                    + "configuration)";
            case LOCK_TIMEOUT_RETRIES -> "lockTimeoutRetries (a core setting without a flag)";
            case BASELINE_VERSION -> "confiture migrate baseline --through VERSION";
            case DATA_SOURCE -> "--url, --user and --password";
            case SAFETY_FAIL_ON -> "--safety-fail-on error|warning|never";
            case CLEAN_ENABLED -> "--clean-enabled, or CONFITURE_CLEAN_ENABLED=true";
            case INSTANCE_EXPIRE_AFTER -> "--instance-expire-after";
            case HOLD_CONTRACT -> "--no-hold-contract";
            case PLACEHOLDERS -> "--placeholder NAME=VALUE, or migration.placeholders in the environment file";
            case TENANT_SCHEMAS -> "--tenants";
            case TENANT_QUERY -> "--tenants-query";
            case TENANT_PARALLELISM -> "--parallelism";
            case APPROVE -> "confiture migrate approve VERSION";
            case REPAIR -> "confiture migrate repair";
            case DOWN -> "confiture migrate down";
        };
    }
}
