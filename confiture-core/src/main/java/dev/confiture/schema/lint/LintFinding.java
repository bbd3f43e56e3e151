package dev.confiture.schema.lint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.Severity;
import dev.confiture.config.LintRule;

/**
 * One place where the built schema breaks a lint rule.
 *
 * @param rule the rule (its id in JSON)
 * @param severity the rule's severity
 * @param object the qualified name of the table, view, column or constraint at fault, e.g. {@code public.tb_order}
 * @param message what is wrong, naming the object and the rule
 * @param hint how to fix it, or how to switch the rule off
 */
@JsonPropertyOrder({ "rule", "severity", "object", "message", "hint" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LintFinding(LintRule rule, Severity severity, String object, String message, String hint) {

    @Override
    public String toString() {
        return "[" + rule.id() + "] " + message;
    }
}
