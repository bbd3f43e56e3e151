package dev.confiture.cli;

import dev.confiture.api.Severity;
import dev.confiture.schema.SchemaError;
import dev.confiture.schema.lint.LintFinding;
import dev.confiture.schema.lint.LintReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code confiture schema ...}: the schema files (DDL) checked, linted and compared with the database.
 */
@Command(name = "schema", description = "Check the schema files, lint what they build, compare the database with them.",
        subcommands = { SchemaValidateCommand.class, SchemaLintCommand.class, SchemaDriftCommand.class })
final class SchemaCommand extends CliCommand {

    /**
     * {@code confiture schema} without a subcommand: the usage, and exit code 2.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(err(), Ansi.OFF);
        return ExitCodes.USAGE;
    }

    /**
     * Prints lint findings as a table ({@code SEVERITY RULE OBJECT MESSAGE}) and a summary line.
     * @param out where to print
     * @param style the style
     * @param lint the report
     */
    static void printLint(PrintWriter out, Style style, LintReport lint) {
        if (lint.findings().isEmpty()) {
            out.println(style.green("Lint: no findings") + " (rules checked: " + String.join(", ", lint.checkedRules())
                    + disabled(lint) + ")");
            return;
        }
        TextTable table = new TextTable("SEVERITY", "RULE", "OBJECT", "MESSAGE");
        for (LintFinding finding : lint.findings()) {
            String severity = finding.severity().value();
            table.row(new TextTable.Cell(severity, text -> (finding.severity() == Severity.ERROR) ? style.red(text)
                    : style.yellow(text)), TextTable.Cell.of(finding.rule().id()), TextTable.Cell.of(finding.object()),
                    TextTable.Cell.of(finding.message()));
        }
        table.print(out, style);
        long errors = lint.findings().stream().filter(finding -> finding.severity() == Severity.ERROR).count();
        out.println("Lint: " + lint.findings().size() + " finding(s), " + errors + " error(s) (rules checked: "
                + String.join(", ", lint.checkedRules()) + disabled(lint) + ")");
        out.println(style.dim("hint: fix the schema files, or switch a rule off with --disable RULE_ID"));
    }

    private static String disabled(LintReport lint) {
        return lint.disabledRules().isEmpty() ? "" : "; switched off: " + String.join(", ", lint.disabledRules());
    }

    /**
     * Prints why the schema files do not apply: code, file, line, message, SQLSTATE and the statement.
     * @param out where to print
     * @param style the style
     * @param projectDir to shorten file names
     * @param error the error
     */
    static void printError(PrintWriter out, Style style, Path projectDir, SchemaError error) {
        StringBuilder line = new StringBuilder(style.red("error")).append(" [").append(error.code()).append("] ");
        if (error.file() != null) {
            line.append(BuildCommand.shorten(projectDir, error.file())).append(", line ").append(error.line());
            if (error.column() > 0) {
                line.append(", column ").append(error.column());
            }
            line.append(": ");
        }
        line.append(error.message());
        if (error.sqlState() != null) {
            line.append(" (SQLSTATE ").append(error.sqlState()).append(')');
        }
        out.println(line);
        if (error.statement() != null) {
            out.println("  statement: " + error.statement());
        }
    }
}
