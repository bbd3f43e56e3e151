package dev.confiture.safety;

import dev.confiture.api.Severity;
import dev.confiture.api.SourceLocation;

/**
 * One rule that a statement of a pending migration breaks.
 *
 * @param rule the rule
 * @param severity how serious it is
 * @param location the statement's file, line and column
 * @param relation the table it is about
 * @param message what the statement does
 * @param recipe the safe way
 */
public record Finding(SafetyRule rule, Severity severity, SourceLocation location, String relation, String message,
        String recipe) {
}
