package dev.confiture.testing.postgres;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition behind {@link RequiresPostgresContainer}.
 */
final class PostgresContainerCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return PostgresContainerImage.unavailability()
                .map(reason -> ConditionEvaluationResult.disabled("PostgreSQL container test skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a PostgreSQL container can start here"));
    }
}
