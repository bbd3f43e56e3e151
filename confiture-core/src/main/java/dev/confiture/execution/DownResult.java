package dev.confiture.execution;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What down did.
 *
 * @param reverted the migrations reverted, newest first
 * @param currentVersion the newest applied version afterwards, or {@code null} when none is applied
 * @param totalTimeMs how long it took, lock wait included
 */
public record DownResult(List<RevertedMigration> reverted, @Nullable String currentVersion, long totalTimeMs) {
}
