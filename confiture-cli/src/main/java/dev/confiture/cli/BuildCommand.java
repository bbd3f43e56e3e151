package dev.confiture.cli;

import dev.confiture.schema.BuildResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code confiture build}: builds a fresh database from the schema files (DDL) and baselines every known
 * migration.
 */
@Command(name = "build", description = {
        "Build an empty database from the schema files and mark every migration as applied.",
        "Applies every .sql file under the schema locations (default <project-dir>/db/schema; numeric prefixes",
        "order them) statement by statement in one transaction, with the tracking table and a baseline of every",
        "migration in db/migrations: all or nothing. Refuses a database that has tables or applied migrations." })
final class BuildCommand extends CliCommand implements ChangesTheDatabase {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        BuildResult result = cli().schemaConfiture(UnaryOperator.identity()).build();
        if (output.json()) {
            out().println(CliJson.write(result, output.pretty));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        Path projectDir = cli().projectDir();
        for (String file : result.files()) {
            out.println(style().green("applied") + " " + shorten(projectDir, file));
        }
        if (!result.baselined().isEmpty()) {
            out.println("Baselined " + result.baselined().size() + " migration(s) through " + result.baselineVersion()
                    + ": " + String.join(", ", result.baselined()));
        }
        out.println(style().green("Built") + " from " + result.files().size() + " schema file(s), "
                + result.statements() + " statement(s), in " + result.ms() + " ms; "
                + ((result.baselineVersion() != null) ? "now at version " + result.baselineVersion()
                        : "no migrations to baseline"));
        return ExitCodes.OK;
    }

    /**
     * @return a file's path relative to the project directory when it is inside it, else as the core names it
     */
    static String shorten(Path projectDir, String file) {
        try {
            Path base = projectDir.toAbsolutePath().normalize();
            Path path = Path.of(file);
            if (path.isAbsolute() && path.normalize().startsWith(base) && !path.normalize().equals(base)) {
                return base.relativize(path.normalize()).toString();
            }
        }
        catch (RuntimeException ex) {
            // a classpath: location or another description: shown as it is
        }
        return file;
    }
}
