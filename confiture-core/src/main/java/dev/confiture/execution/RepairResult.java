package dev.confiture.execution;

import java.util.List;

/**
 * What repair did.
 *
 * @param actions one line per repaired migration, e.g. {@code 007_add_x: accepted checksum 3f2a… (was 91bc…)}
 */
public record RepairResult(List<String> actions) {
}
