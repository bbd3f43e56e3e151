package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.MigrationScaffold;
import dev.confiture.migration.Risk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confiture migrate new NAME}: writes {@code {timestamp}_{NAME}.up.sql} (and with {@code --down} the
 * {@code .down.sql}) in the migrations directory, with its header lines. Needs no database.
 */
@Command(name = "new", description = {
        "Write a new migration: {timestamp}_NAME.up.sql (and .down.sql with --down) in the migrations directory",
        "(--migrations-dir, the first filesystem location, or <project-dir>/db/migrations). Needs no database." })
final class NewCommand extends CliCommand {

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    // optional for picocli, checked in call(): a required parameter would make --help fail before it is read
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The migration's name: letters, digits, '_' and '-'")
    String name = "";

    @Option(names = "--down", description = "Write the .down.sql too")
    boolean down;

    @Option(names = "--risk", paramLabel = "RISK", description = "The risk header: low (default), medium or high")
    @Nullable String risk;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "The version (digits) instead of the current UTC time, yyyyMMddHHmmss")
    @Nullable String version;

    @Override
    public Integer call() {
        if (name.isEmpty()) {
            throw new UsageException("Missing the migration's NAME, e.g. confiture migrate new add_orders");
        }
        Path directory = cli().migrationsDirectory();
        List<String> known = Files.isDirectory(directory) ? List.of("filesystem:" + directory) : List.of();
        Confiture files = new Confiture(ConfitureConfiguration.builder().dataSource(new PGSimpleDataSource())
                .locations(known).failOnMissingLocations(false).wording(CliWording.INSTANCE).build());
        MigrationScaffold.Written written = MigrationScaffold.write(directory, name, version, down, risk(), files.discover(),
                Clock.systemUTC());
        out().println("Created " + written.up());
        if (written.down() != null) {
            out().println("Created " + written.down());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private @Nullable Risk risk() {
        if (risk == null) {
            return null;
        }
        try {
            return Risk.valueOf(risk.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException("--risk " + risk + " is not a risk: write low, medium or high", ex);
        }
    }
}
