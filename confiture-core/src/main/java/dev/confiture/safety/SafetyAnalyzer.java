package dev.confiture.safety;

import dev.confiture.api.Severity;
import dev.confiture.api.SourceLocation;
import dev.confiture.sql.SqlStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The zero-downtime analysis of the migrations of one run, in order, read from their statements without running
 * them. Tables created earlier in the run are new: nothing waits for them.
 */
public final class SafetyAnalyzer {

    private final Set<String> created = new HashSet<>();

    /**
     * @param slug the migration
     * @param source its file, for locations
     * @param statements its statements, as planned
     * @param allowed the rule ids the file (or the configuration) allows
     * @return the analysis
     */
    public MigrationAnalysis analyze(String slug, String source, List<SqlStatement> statements, Set<String> allowed) {
        return analyze(slug, source, statements, allowed, false);
    }

    /**
     * @param slug the migration
     * @param source its file, for locations
     * @param statements its statements, as planned
     * @param allowed the rule ids the file (or the configuration) allows
     * @param declaredLowRisk whether the file says {@code risk=low}: a rewrite or an error finding then adds a
     * {@link SafetyRule#RISK_UNDERSTATED} finding naming both
     * @return the analysis
     */
    public MigrationAnalysis analyze(String slug, String source, List<SqlStatement> statements, Set<String> allowed,
            boolean declaredLowRisk) {
        StatementAnalyzer analyzer = new StatementAnalyzer(source, created);
        List<StatementAnalysis> analyses = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (SqlStatement statement : statements) {
            StatementAnalysis analysis = analyzer.analyze(statement);
            analyses.add(analysis);
            analysis.findings().stream().filter(finding -> !allowed.contains(finding.rule().id())).forEach(findings::add);
        }
        boolean risky = findings.stream().anyMatch(finding -> finding.severity() == Severity.ERROR)
                || analyses.stream().anyMatch(analysis -> analysis.rewrite() && analysis.findings().stream()
                        .noneMatch(finding -> allowed.contains(finding.rule().id())));
        for (String id : allowed) {
            if (SafetyRule.byId(id) == null) {
                findings.add(new Finding(SafetyRule.NOT_ANALYSED, Severity.NOTE, new SourceLocation(source, 1, 1), slug,
                        slug + " allows '" + id + "', which is no rule: a typo allows nothing", "write one of: "
                                + java.util.Arrays.stream(SafetyRule.values()).map(SafetyRule::id)
                                        .collect(java.util.stream.Collectors.joining(", "))));
            }
        }
        if (declaredLowRisk && risky && !allowed.contains(SafetyRule.RISK_UNDERSTATED.id())) {
            findings.add(new Finding(SafetyRule.RISK_UNDERSTATED, SafetyRule.RISK_UNDERSTATED.severity(),
                    new SourceLocation(source, 1, 1), slug, slug + " " + SafetyRule.RISK_UNDERSTATED.problem(),
                    SafetyRule.RISK_UNDERSTATED.recipe()));
        }
        return new MigrationAnalysis(slug, analyses, findings, allowed.stream().sorted().toList());
    }

    /**
     * The analysis of a migration whose statements are not read: a file too large to hold, read statement by
     * statement only as it runs. One {@link SafetyRule#NOT_ANALYSED} note says so (unless the file allows that rule),
     * so that a strict gate never lets it pass unseen.
     * @param slug the migration
     * @param source its file
     * @param why why its statements are not analysed, e.g. {@code "it is 50.0 MiB"}
     * @param allowed the rule ids the file (or the configuration) allows
     * @return the analysis: no statements, the note
     */
    public MigrationAnalysis notAnalysed(String slug, String source, String why, Set<String> allowed) {
        List<Finding> findings = allowed.contains(SafetyRule.NOT_ANALYSED.id()) ? List.of()
                : List.of(new Finding(SafetyRule.NOT_ANALYSED, Severity.NOTE, new SourceLocation(source, 1, 1), slug,
                        slug + " is not analysed statement by statement: " + why, "check by hand what it locks, "
                                + "or split it into migrations below the size that is read statement by statement"));
        return new MigrationAnalysis(slug, List.of(), findings, allowed.stream().sorted().toList());
    }
}
