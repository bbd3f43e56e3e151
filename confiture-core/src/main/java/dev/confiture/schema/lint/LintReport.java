package dev.confiture.schema.lint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Severity;
import dev.confiture.config.LintRule;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What lint found in a built schema.
 *
 * @param findings the findings, sorted by rule and object
 * @param checkedRules the ids of the rules that ran
 * @param disabledRules the ids of the rules switched off in the configuration
 */
@JsonPropertyOrder({ "findings", "checked_rules", "disabled_rules" })
public record LintReport(List<LintFinding> findings, @JsonProperty("checked_rules") List<String> checkedRules,
        @JsonProperty("disabled_rules") List<String> disabledRules) {

    /**
     * @param findings the findings (copied)
     * @param checkedRules the rules that ran (copied)
     * @param disabledRules the rules switched off (copied)
     */
    public LintReport {
        findings = List.copyOf(findings);
        checkedRules = List.copyOf(checkedRules);
        disabledRules = List.copyOf(disabledRules);
    }

    /** @return whether a finding has severity error */
    @JsonProperty("has_errors")
    public boolean hasErrors() {
        return findings.stream().anyMatch(finding -> finding.severity() == Severity.ERROR);
    }

    /** @return whether nothing was found */
    @JsonIgnore
    public boolean isClean() {
        return findings.isEmpty();
    }

    /**
     * @param rule a rule
     * @return the findings of that rule
     */
    public List<LintFinding> findings(LintRule rule) {
        return findings.stream().filter(finding -> finding.rule() == rule).toList();
    }

    /**
     * Throws when a finding is an error: for build pipelines that must stop on lint errors.
     * @return this report, when it has no errors
     * @throws ConfitureException {@link ErrorCode#LINT_FAILED} listing every error with its rule
     */
    public LintReport requireNoErrors() {
        List<LintFinding> errors = findings.stream().filter(finding -> finding.severity() == Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new ConfitureException(ErrorCode.LINT_FAILED, "Lint found " + errors.size() + " error(s) in the schema:"
                    + errors.stream().map(LintFinding::toString).collect(Collectors.joining("\n  - ", "\n  - ", "")),
                    "Fix the schema files, or switch a rule off with ConfitureConfiguration.disabledLintRules(\"<rule id>\")");
        }
        return this;
    }
}
