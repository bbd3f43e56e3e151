package dev.confiture.api;

import org.jspecify.annotations.Nullable;

/**
 * When a callback runs. An SQL callback is a file in a migration location named after its event, e.g.
 * {@code afterMigrate.sql} or {@code afterMigrate__refresh_grants.sql} (Flyway's names; the part after {@code __}
 * tells several callbacks of one event apart, and they run in file-name order).
 */
public enum CallbackEvent {

    /** Once per migrate, after the lock is taken and before the first migration (also when nothing is pending). */
    BEFORE_MIGRATE("beforeMigrate"),

    /** Before each migration migrate applies, versioned or repeatable. */
    BEFORE_EACH_MIGRATE("beforeEachMigrate"),

    /** After each migration migrate applied, once it is committed. */
    AFTER_EACH_MIGRATE("afterEachMigrate"),

    /** Once per migrate, after every migration was applied (also when nothing was pending). */
    AFTER_MIGRATE("afterMigrate"),

    /** Once per migrate that failed, after the failure was recorded; its own failure is recorded, never thrown. */
    AFTER_MIGRATE_ERROR("afterMigrateError"),

    /** Once per down, before the first revert. */
    BEFORE_DOWN("beforeDown"),

    /** Before each migration down reverts. */
    BEFORE_EACH_DOWN("beforeEachDown"),

    /** After each migration down reverted, once it is committed. */
    AFTER_EACH_DOWN("afterEachDown"),

    /** Once per down, after every revert. */
    AFTER_DOWN("afterDown"),

    /** Once per down that failed; its own failure is recorded, never thrown. */
    AFTER_DOWN_ERROR("afterDownError");

    private final String fileName;

    CallbackEvent(String fileName) {
        this.fileName = fileName;
    }

    /**
     * @return the name of its SQL callback files without {@code .sql}, e.g. {@code afterMigrate}
     */
    public String fileName() {
        return fileName;
    }

    /**
     * @param fileName a file name without {@code .sql} and without a {@code __description}
     * @return the event of that name (exact case), or {@code null}
     */
    public static @Nullable CallbackEvent ofFileName(String fileName) {
        for (CallbackEvent event : values()) {
            if (event.fileName.equals(fileName)) {
                return event;
            }
        }
        return null;
    }

    /**
     * @return whether a failure of this callback is recorded and logged rather than thrown (it runs after a failure
     * that is thrown)
     */
    public boolean afterError() {
        return this == AFTER_MIGRATE_ERROR || this == AFTER_DOWN_ERROR;
    }
}
