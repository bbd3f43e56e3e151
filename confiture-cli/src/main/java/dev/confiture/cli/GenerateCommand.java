package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.migration.MigrationScaffold;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.schema.drift.GeneratedMigration;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confiture migrate generate NAME --from schema-files}: writes the migration that takes the schema the
 * migrations build to the schema the schema files build, and the index changes as a second migration.
 */
@Command(name = "generate", description = {
        "Write the migration from the schema the migrations build to the schema the schema files build:",
        "{version}_NAME.up.sql and .down.sql, and {version+1}_NAME_indexes.up.sql and .down.sql for index changes",
        "(built CONCURRENTLY, statement by statement). What it cannot express is a TODO at the top of the file.",
        "Both schemas are built in scratch databases on the server (CREATEDB needed); the database is not changed." })
final class GenerateCommand extends CliCommand {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    // optional for picocli, checked in call(): a required parameter would make --help fail before it is read
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The migration's name: letters, digits, '_' and '-'")
    String name = "";

    @Option(names = "--from", paramLabel = "SOURCE",
            description = "What the migration is written from: schema-files (the only source so far)")
    String from = "";

    @Option(names = "--version", paramLabel = "VERSION",
            description = "The version (digits) instead of the current UTC time, yyyyMMddHHmmss")
    @Nullable String version;

    @Override
    public Integer call() {
        if (name.isEmpty()) {
            throw new UsageException("Missing the migration's NAME, e.g. confiture migrate generate add_orders --from schema-files");
        }
        if (!from.equals("schema-files")) {
            throw new UsageException(from.isEmpty() ? "Missing --from: write --from schema-files"
                    : "--from " + from + " is not a source: write --from schema-files");
        }
        Confiture confiture = cli().schemaConfiture(UnaryOperator.identity());
        GeneratedMigration generated = confiture.generateMigration();
        if (generated.isEmpty()) {
            out().println("Nothing to write: the migrations build the schema the schema files build.");
            return ExitCodes.OK;
        }
        Path directory = cli().migrationsDirectory();
        Clock clock = Clock.systemUTC();
        String chosen = (version != null) ? version.trim() : TIMESTAMP.format(clock.instant());
        String next = chosen;
        if (chosen.matches("\\d+")) {
            // the next version, as wide as this one (004 -> 005)
            next = new BigInteger(chosen).add(BigInteger.ONE).toString();
            next = "0".repeat(Math.max(0, chosen.length() - next.length())) + next;
        }
        boolean indexes = generated.indexesUp() != null && generated.indexesDown() != null;
        dev.confiture.migration.ResolvedMigration taken = (indexes && next.matches("\\d+"))
                ? confiture.discover().find(MigrationVersion.parse(next)) : null;
        if (taken != null) {
            // checked before anything is written: never half the files
            throw new UsageException("The index migration would take version " + next + ", which " + taken.slug()
                    + " has: give --version a version whose next one is free too");
        }
        MigrationScaffold.Written main = MigrationScaffold.write(directory, name, chosen, confiture.discover(), clock,
                slug -> generated.up(), slug -> generated.down());
        out().println("Created " + main.up());
        out().println("Created " + main.down());
        String indexesUp = generated.indexesUp();
        String indexesDown = generated.indexesDown();
        if (indexes && indexesUp != null && indexesDown != null) {
            String version = next;
            MigrationScaffold.Written written = MigrationScaffold.write(directory, name + "_indexes", version,
                    confiture.discover(), clock, slug -> indexesUp, slug -> indexesDown);
            out().println("Created " + written.up());
            out().println("Created " + written.down());
        }
        for (String todo : generated.todos()) {
            err().println(style().yellow("todo") + ": " + todo);
        }
        out().flush();
        return ExitCodes.OK;
    }
}
