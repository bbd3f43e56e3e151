package dev.confiture.cli;

import dev.confiture.api.Severity;
import dev.confiture.safety.Finding;
import dev.confiture.safety.MigrationAnalysis;
import dev.confiture.safety.SafetyPlan;
import dev.confiture.safety.StatementAnalysis;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code confiture migrate plan}: the zero-downtime analysis of the pending migrations, without running them.
 */
@Command(name = "plan", description = {
        "Show what each pending migration will lock, rewrite and scan, statement by statement, read from its SQL",
        "without running it, with the size of each table from the catalog, and the rules it breaks with the safe",
        "recipe. A file allows a rule with -- confiture: allow=RULE-ID. Takes no lock and changes nothing." })
final class PlanCommand extends CliCommand {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        SafetyPlan plan = cli().confiture(UnaryOperator.identity()).plan();
        if (output.json()) {
            out().println(CliJson.write(plan, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        if (plan.migrations().isEmpty()) {
            out.println("Nothing pending.");
            return ExitCodes.OK;
        }
        for (MigrationAnalysis migration : plan.migrations()) {
            out.println(style().bold(migration.slug()) + ((migration.strongestLock() != null)
                    ? ": strongest lock " + migration.strongestLock().value() : "")
                    + (migration.rewrites() ? ", rewrites a table" : ""));
            TextTable table = new TextTable("#", "LINE", "RELATION", "LOCK", "REWRITE", "SCAN", "ROWS", "STATEMENT");
            for (StatementAnalysis statement : migration.statements()) {
                SafetyPlan.RelationSize size = (statement.relation() != null) ? plan.relations().get(statement.relation())
                        : null;
                table.row(TextTable.Cell.of(statement.statement()), TextTable.Cell.of(statement.line()),
                        TextTable.Cell.of(statement.relation()),
                        TextTable.Cell.of((statement.lock() != null) ? statement.lock().value() : null),
                        TextTable.Cell.of(statement.rewrite() ? "yes" : "no"), TextTable.Cell.of(statement.scan() ? "yes" : "no"),
                        TextTable.Cell.of((size != null && size.rows() >= 0) ? size.rows() : null),
                        TextTable.Cell.of(statement.summary()));
            }
            if (migration.statements().isEmpty()) {
                out.println("  (no SQL statements: a Java migration is not analysed)");
            }
            else {
                table.print(out, style());
            }
            for (Finding finding : migration.findings()) {
                String severity = (finding.severity() == Severity.ERROR) ? style().red("error") : style().yellow("note");
                out.println(severity + " [" + finding.rule().id() + "] " + finding.location() + ": " + finding.message());
                out.println("  fix: " + finding.recipe());
            }
        }
        long errors = plan.findings().stream().filter(finding -> finding.severity() == Severity.ERROR).count();
        out.println(plan.findings().size() + " finding(s), " + errors + " error(s), rules version " + plan.rulesVersion());
        return ExitCodes.OK;
    }
}
