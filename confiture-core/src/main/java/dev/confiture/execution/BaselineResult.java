package dev.confiture.execution;

import java.util.List;

/**
 * What baseline did.
 *
 * @param baselineVersion the version everything up to which is now marked as applied
 * @param baselined the slugs newly marked as applied, in order (migrations already applied are left alone)
 */
public record BaselineResult(String baselineVersion, List<String> baselined) {
}
