package dev.confiture.config;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.migration.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * Baseline on migrate: on a database that has tables but no tracking rows, mark the migrations up to {@code version}
 * as applied before migrating.
 * @param onMigrate whether migrate baselines such a database
 * @param version the newest migration the existing schema already contains; required when {@code onMigrate}
 */
public record Baseline(boolean onMigrate, @Nullable MigrationVersion version) {

    /** Off, without a version. */
    public static final Baseline OFF = new Baseline(false, null);

    /**
     * @throws ConfitureException {@link ErrorCode#INVALID_CONFIGURATION} when on without a version
     */
    public Baseline {
        if (onMigrate && version == null) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION,
                    "baseline-on-migrate is enabled but no baseline version is set",
                    "Set " + Setting.BASELINE_VERSION.token() + " to the newest migration the existing schema already contains");
        }
    }
}
