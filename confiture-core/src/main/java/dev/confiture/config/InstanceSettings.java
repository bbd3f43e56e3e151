package dev.confiture.config;

import java.time.Duration;

/**
 * The live-instance heartbeats that expand-and-contract relies on.
 *
 * @param expireAfter how long after its last heartbeat an instance stops counting as live (default 2 minutes: four
 * heartbeats of the starter's default 30 s interval)
 * @param holdContract whether a {@code phase=contract} migration is held while an instance of an older build is live
 * (default true)
 */
public record InstanceSettings(Duration expireAfter, boolean holdContract) {

    /** The defaults. */
    public static final InstanceSettings DEFAULTS = new InstanceSettings(Duration.ofMinutes(2), true);
}
