package dev.confiture.cli;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.tracking.EventOrigin;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code confiture} command: PostgreSQL migrations from the command line, with the core's
 * behaviour and the Actuator's JSON. Run it as {@code java -jar confiture-cli.jar migrate status}.
 *
 * <p>Global options are accepted before or after the subcommand. Settings come from flags, then
 * environment variables, then the environment file ({@link SettingsResolver}).
 */
@Command(name = "confiture", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = ConfitureCli.Version.class, usageHelpAutoWidth = true, sortOptions = false,
        subcommands = { MigrateCommand.class, BuildCommand.class, SchemaCommand.class, HistoryCommand.class,
                FleetCommand.class },
        description = "PostgreSQL schema migrations tracked in tb_confiture (compatible with upstream Confiture).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:failure: a migration failed, validation or lint found errors, drift was found, the build "
                        + "failed or the database is not empty, the lock wait ran out, the database could not be "
                        + "reached, ...",
                "2:usage: bad flags, no database URL, a missing or invalid environment file",
                "3:migrate status --fail-on-pending: migrations are pending (errors give 1)" })
public final class ConfitureCli implements Callable<Integer> {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 1,
            description = "Database: jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db "
                    + "(CONFITURE_URL, CONFITURE_DATABASE_URL; database_url in the environment file; DATABASE_URL "
                    + "when no environment file is named)")
    @Nullable String url;

    @Option(names = { "-d", "--database-url" }, scope = ScopeType.INHERIT, paramLabel = "URL", order = 1,
            description = "The same as --url (upstream Confiture's name)")
    @Nullable String databaseUrl;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER", order = 2,
            description = "Database user (CONFITURE_USER)")
    @Nullable String user;

    @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD", order = 3,
            description = "Database password (CONFITURE_PASSWORD; prefer the variable: flags show in ps)")
    @Nullable String password;

    @Option(names = { "-e", "--env" }, scope = ScopeType.INHERIT, paramLabel = "NAME", order = 4,
            description = "Environment: reads <project-dir>/db/environments/NAME.yaml and writes NAME into events "
                    + "(CONFITURE_ENV)")
    @Nullable String env;

    @Option(names = { "-c", "--config" }, scope = ScopeType.INHERIT, paramLabel = "FILE", order = 5,
            description = "Environment file to read instead of db/environments/NAME.yaml")
    @Nullable Path config;

    @Option(names = "--no-config", scope = ScopeType.INHERIT, order = 5,
            description = "Read no environment file (not even CONFITURE_ENV's): the database comes from the flags and "
                    + "variables, the ambient DATABASE_URL included, as upstream Confiture's --no-config")
    boolean noConfig;

    @Option(names = "--project-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", order = 6, defaultValue = ".",
            description = "Directory that contains db/ (default: ${DEFAULT-VALUE})")
    Path projectDir = Path.of(".");

    @Option(names = "--locations", scope = ScopeType.INHERIT, paramLabel = "LOCATION", split = ",", order = 7,
            description = "Migration directories, comma-separated (CONFITURE_LOCATIONS; default: "
                    + "filesystem:<project-dir>/db/migrations)")
    List<String> locations = List.of();

    @Option(names = "--migrations-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", order = 7,
            description = "The migrations directory, as upstream Confiture names it (the same as --locations DIR)")
    @Nullable Path migrationsDir;

    @Option(names = "--schema", scope = ScopeType.INHERIT, paramLabel = "SCHEMA", order = 8,
            description = "Schema of the tracking table (CONFITURE_SCHEMA; default: public)")
    @Nullable String schema;

    @Option(names = "--table", scope = ScopeType.INHERIT, paramLabel = "TABLE", order = 9,
            description = "Tracking table (CONFITURE_TABLE; default: tb_confiture; events go to TABLE_event)")
    @Nullable String table;

    @Option(names = "--lock-wait", scope = ScopeType.INHERIT, paramLabel = "DURATION", order = 10,
            converter = DurationConverter.class,
            description = "How long to wait for another migrator, e.g. 30s, 5m (CONFITURE_LOCK_WAIT; "
                    + "migration.locking.timeout_ms; default: 5m)")
    @Nullable Duration lockWait;

    @Option(names = { "--schema-locations", "--schema-dir" }, scope = ScopeType.INHERIT, paramLabel = "LOCATION",
            split = ",", order = 11,
            description = "Schema file (DDL) directories of build and the schema commands, comma-separated "
                    + "(CONFITURE_SCHEMA_LOCATIONS; include_dirs in the environment file; default: "
                    + "filesystem:<project-dir>/db/schema)")
    List<String> schemaLocations = List.of();

    @Option(names = "--out-of-order", scope = ScopeType.INHERIT, order = 12,
            description = "Apply (and accept in status and validate) pending migrations older than the newest applied one")
    boolean outOfOrder;

    @Option(names = "--approval-environments", scope = ScopeType.INHERIT, paramLabel = "NAME", split = ",", order = 12,
            description = "Environments where approval=required migrations need an approval, comma-separated "
                    + "(CONFITURE_APPROVAL_ENVIRONMENTS; default: production)")
    List<String> approvalEnvironments = List.of();

    @Option(names = "--placeholder", scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE", order = 12,
            description = "The value of $${NAME} in SQL migrations; repeatable (migration.placeholders in the "
                    + "environment file; these win)")
    Map<String, String> placeholders = new LinkedHashMap<>();

    @Option(names = "--no-placeholders", scope = ScopeType.INHERIT, order = 12,
            description = "Send $${...} in SQL migrations as written, replacing nothing")
    boolean noPlaceholders;

    @Option(names = "--safety-fail-on", scope = ScopeType.INHERIT, paramLabel = "LEVEL", order = 12,
            description = "Which findings of the zero-downtime analysis (migrate plan) stop migrate up: error, warning "
                    + "or never (default: error in the approval environments, never elsewhere)")
    @Nullable String safetyFailOn;

    @Option(names = "--central-log-url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 12,
            description = "The central migration log: every event is written there too, and fleet status reads it "
                    + "(CONFITURE_CENTRAL_LOG_URL; central_log_url in the environment file; password in "
                    + "CONFITURE_CENTRAL_LOG_PASSWORD or the URL)")
    @Nullable String centralLogUrl;

    @Option(names = "--central-log-user", scope = ScopeType.INHERIT, paramLabel = "USER", order = 12,
            description = "The central log's user (CONFITURE_CENTRAL_LOG_USER)")
    @Nullable String centralLogUser;

    @Option(names = "--no-hold-contract", scope = ScopeType.INHERIT, order = 12,
            description = "Apply phase=contract migrations even while instances of older builds are live (default: "
                    + "hold them until those instances stop)")
    boolean noHoldContract;

    @Option(names = "--instance-expire-after", scope = ScopeType.INHERIT, paramLabel = "DURATION", order = 12,
            converter = DurationConverter.class, description = "How long after its last heartbeat an application instance stops counting as live "
                    + "(default: 2m)")
    @Nullable Duration instanceExpireAfter;

    @Option(names = "--placeholders-in-dollar-quotes", scope = ScopeType.INHERIT, order = 12,
            description = "Replace placeholders inside dollar-quoted bodies ($$...$$) too")
    boolean placeholdersInDollarQuotes;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, order = 12, description = "No colours (also NO_COLOR)")
    boolean noColor;

    @Option(names = { "-v", "--verbose" }, scope = ScopeType.INHERIT, order = 13,
            description = "Log what the core does (on stderr)")
    boolean verbose;

    /**
     * The environment-variable section of every command's help. Set on each command rather than
     * inherited: an inherited footer is interpolated twice, which would eat the {@code ${VAR}} text.
     */
    private static final String[] FOOTER = {
            "  CONFITURE_URL, CONFITURE_USER, CONFITURE_PASSWORD, CONFITURE_ENV,",
            "  CONFITURE_LOCATIONS, CONFITURE_SCHEMA, CONFITURE_TABLE, CONFITURE_LOCK_WAIT,",
            "  CONFITURE_SCHEMA_LOCATIONS, CONFITURE_APPROVAL_ENVIRONMENTS,",
            "  CONFITURE_CENTRAL_LOG_URL, CONFITURE_CENTRAL_LOG_USER:",
            "    like the flags of the same name. Flags win over variables, variables over",
            "    the environment file, the file over the defaults.",
            "  CONFITURE_DATABASE_URL: like CONFITURE_URL (upstream Confiture's name), which wins;",
            "    refused beside a named environment file, as upstream refuses it.",
            "  DATABASE_URL: the database when nothing else names one and no environment",
            "    file is named (--env, --config, CONFITURE_ENV), as upstream reads it; commands",
            "    that change the database refuse it unless --no-config.",
            "  CONFITURE_CENTRAL_LOG_PASSWORD: the central log's password.",
            "  NO_COLOR: no colours.",
            "  Environment files may use $${VAR} and $${VAR:-default}." };

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    private final PrintWriter out;

    private final PrintWriter err;

    private final boolean terminal;

    /** How long a signal waits for the command to record where it stopped. */
    private static final int STOP_GRACE_SECONDS = 20;

    private final OpenConnections connections = new OpenConnections();

    /** The variable of {@code --approval-environments}. */
    static final String APPROVAL_ENVIRONMENTS = "CONFITURE_APPROVAL_ENVIRONMENTS";

    /**
     * @param environment the environment variables
     * @param out standard output
     * @param err standard error
     * @param terminal whether standard output is a terminal (colours are possible)
     */
    ConfitureCli(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Runs the command line and exits with its exit code.
     * @param args the arguments
     */
    public static void main(String[] args) {
        Charset charset = outputCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), charset), true);
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, charset));
        ConfitureCli cli = new ConfitureCli(System.getenv(), out, err, Style.onTerminal());
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.FAILURE);
        Runtime.getRuntime().addShutdownHook(new Thread(stopOnSignal(cli, Thread.currentThread(), finished, exitCode),
                "confiture-shutdown"));
        int code;
        try {
            code = cli.execute(args);
        }
        catch (OutOfMemoryError ex) {
            err.println("error: out of memory (" + ex.getMessage() + "): this JVM's heap is "
                    + Runtime.getRuntime().maxMemory() / 1048576 + " MiB; give it more with java -Xmx...");
            code = ExitCodes.FAILURE;
        }
        out.flush();
        err.flush();
        exitCode.set(code);
        finished.countDown();
        System.exit(code);
    }

    /**
     * What SIGINT and SIGTERM do while a command runs: cancel the statements the command's connections are running,
     * interrupt the command (it stops before its next step and records where it stopped, see the README) and wait
     * for it to finish that, at most {@value #STOP_GRACE_SECONDS} seconds; then the process ends with the command's
     * own exit code (the one its JSON error document states). After a normal end it does nothing.
     */
    private static Runnable stopOnSignal(ConfitureCli cli, Thread command, CountDownLatch finished,
            AtomicInteger exitCode) {
        return () -> {
            if (finished.getCount() == 0) {
                return;
            }
            cli.err.println("confiture: stopping: cancelling the running statement and recording where the run stopped");
            cli.err.flush();
            command.interrupt();
            cli.connections.cancelRunningStatements(cli.err);
            try {
                if (finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exitCode.get());
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Parses and runs a command line.
     * @param args the arguments
     * @return the exit code ({@link ExitCodes})
     */
    int execute(String... args) {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                (terminal && !List.of(args).contains("--no-color") && !hasNoColorVariable()) ? Ansi.ON : Ansi.OFF));
        withFooter(commandLine);
        commandLine.setParameterExceptionHandler(ConfitureCli::usageError);
        commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> failure(ex, failed));
        commandLine.setExecutionStrategy(parseResult -> {
            Logging.configure(verbose);
            return new CommandLine.RunLast().execute(parseResult);
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * {@code confiture} without a subcommand: the usage, and exit code 2.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(err, Ansi.OFF);
        return ExitCodes.USAGE;
    }

    private static void withFooter(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().footerHeading("%nEnvironment variables:%n").footer(FOOTER);
        commandLine.getSubcommands().values().forEach(ConfitureCli::withFooter);
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        int code = ExitCodes.USAGE; // upstream's too: its command-line parser exits 2 on a bad command line
        if (asksForJson(args)) {
            commandLine.getOut().println(CliJson.write(CliJson.error("USAGE", String.valueOf(ex.getMessage()), "Run '"
                    + commandLine.getCommandSpec().qualifiedName() + " --help' for usage", null, code), false));
            commandLine.getOut().flush();
        }
        err.println("error: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return code;
    }

    /** Whether a command line that could not be parsed asked for JSON ({@code --format json} or an upstream one). */
    private static boolean asksForJson(String[] args) {
        return optionValue(args, "--format").map(value -> value.equals("json") || value.equals("upstream-json"))
                .orElse(false);
    }

    private static java.util.Optional<String> optionValue(String[] args, String option) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                return java.util.Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(option + "=")) {
                return java.util.Optional.of(args[i].substring(option.length() + 1));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Every failure of a command that ran ends here: one line on stderr, and with {@code --format json} (or
     * {@code upstream-json}) a JSON error document on stdout whose {@code exit_code} is the code the process ends
     * with. {@code --exit-codes upstream} turns every failure into upstream's fatal 3.
     */
    private int failure(Exception ex, CommandLine failed) {
        CommandLine.Model.OptionSpec exitCodes = failed.getCommandSpec().findOption("--exit-codes");
        boolean upstream = exitCodes != null && exitCodes.getValue() == ExitCodeStyle.upstream;
        CommandLine.Model.OptionSpec format = failed.getCommandSpec().findOption("--format");
        String formatValue = (format != null) ? java.util.Objects.toString(format.getValue(), "") : "";
        boolean json = formatValue.equals("json") || formatValue.equals("upstream_json");
        int code;
        if (ex instanceof UsageException usage) {
            code = upstream ? ExitCodeStyle.UPSTREAM_FATAL : ExitCodes.USAGE;
            if (json) {
                out.println(CliJson.write(CliJson.error("USAGE", String.valueOf(usage.getMessage()), null, null, code), false));
            }
            err.println("error: " + usage.getMessage());
        }
        else if (ex instanceof ConfitureException confiture) {
            code = upstream ? ExitCodeStyle.UPSTREAM_FATAL : ExitCodes.FAILURE;
            confiture.inWords(CliWording.INSTANCE);
            if (json) {
                out.println(CliJson.write(CliJson.error(confiture.code().name(), confiture.problem(), confiture.hint(),
                        confiture.location(), code), false));
            }
            err.println("error: " + confiture.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
        }
        else {
            code = upstream ? ExitCodeStyle.UPSTREAM_FATAL : ExitCodes.FAILURE;
            if (json) {
                out.println(CliJson.write(CliJson.error("INTERNAL_ERROR", ex.toString(), "This is a bug in confiture: "
                        + "please report it with the stack trace printed on stderr", null, code), false));
            }
            err.println("error: " + ex);
            ex.printStackTrace(err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * @return standard output
     */
    PrintWriter out() {
        return out;
    }

    /**
     * @return standard error
     */
    PrintWriter err() {
        return err;
    }

    /**
     * @return {@code --project-dir}
     */
    Path projectDir() {
        return projectDir;
    }

    /**
     * @return the style of human output
     */
    Style style() {
        return new Style(terminal && !noColor && !hasNoColorVariable());
    }

    /**
     * @return the settings from flags, environment variables and the environment file
     * @throws UsageException when they are incomplete or invalid
     */
    Settings settings() {
        if (migrationsDir != null && !locations.isEmpty()) {
            throw new UsageException("--migrations-dir and --locations both name the migrations: pass one of them");
        }
        if (url != null && databaseUrl != null && !url.equals(databaseUrl)) {
            throw new UsageException("--url and --database-url name different databases: pass one of them");
        }
        Settings settings = resolver().resolve(flags());
        if (settings.urlFromAmbientVariable() && !noConfig && runningCommand() instanceof ChangesTheDatabase) {
            throw new UsageException("Only the ambient DATABASE_URL names a database, and this command changes it: "
                    + "name it on purpose with --url (-d), CONFITURE_URL or CONFITURE_DATABASE_URL, an environment file, "
                    + "or --no-config (upstream Confiture refuses the same); read-only commands such as migrate status "
                    + "use DATABASE_URL");
        }
        return settings;
    }

    /**
     * The configuration of every database of {@code --databases FILE} or {@code --databases-query SQL}, by
     * {@code host:port/name}: the settings of the command line with each database's URL (and its environment, for an
     * environment file's line).
     * @throws UsageException when the file or query names no database, a line is not a URL or an environment file with
     * a database_url, or a database is named twice
     */
    java.util.Map<String, ConfitureConfiguration> databaseConfigurations(@Nullable Path file, @Nullable String query,
            UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        List<DatabaseTarget> targets;
        Settings base;
        if (file != null) {
            targets = databasesFile(file);
            if (targets.isEmpty()) {
                throw new UsageException(file + " names no database: write one URL (or environment file) per line");
            }
            base = resolver().resolve(flags().withUrl(targets.get(0).url().jdbcUrl()));
        }
        else {
            base = settings();
            targets = databasesQuery(base, java.util.Objects.requireNonNull(query));
            if (targets.isEmpty()) {
                throw new UsageException("--databases-query returned no row: it must return one column of URLs or "
                        + "database names");
            }
        }
        java.util.Map<String, ConfitureConfiguration> configurations = new java.util.LinkedHashMap<>();
        for (DatabaseTarget target : targets) {
            String name = EventOrigin.database(target.url().jdbcUrl());
            if (configurations.containsKey(name)) {
                throw new UsageException(target.source() + " names " + name + " a second time: list each database once");
            }
            configurations.put(name, confiture(base.withDatabase(target.url(), target.environment()), customizer)
                    .configuration());
        }
        return configurations;
    }

    /** One database of --databases: its URL, its environment (for an environment file), and where it was named. */
    private record DatabaseTarget(DatabaseUrl url, @Nullable String environment, String source) {
    }

    private List<DatabaseTarget> databasesFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        }
        catch (java.io.IOException ex) {
            throw new UsageException("Cannot read --databases " + file + ": " + ex.getMessage(), ex);
        }
        List<DatabaseTarget> targets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("\\s#.*$", "").strip(); // "# ..." after a space is a comment
            String source = file + ", line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.matches("(?i)(jdbc:postgresql:|postgres(ql)?://).*")) {
                targets.add(new DatabaseTarget(DatabaseUrl.parse(line, source, environment), null, source));
                continue;
            }
            Path path = java.util.Objects.requireNonNull(file.toAbsolutePath().getParent()).resolve(line).normalize();
            if (!line.matches("(?i).*\\.ya?ml") || !Files.isRegularFile(path)) {
                throw new UsageException(source + ": '" + DatabaseUrl.mask(line) + "' is neither a database URL (jdbc:postgresql://... or "
                        + "postgresql://...) nor an environment file (.yaml) that exists");
            }
            EnvironmentFile environmentFile = EnvironmentFile.load(path, environment);
            if (environmentFile.databaseUrl() == null) {
                throw new UsageException(source + ": the environment file " + path + " has no database_url");
            }
            targets.add(new DatabaseTarget(java.util.Objects.requireNonNull(environmentFile.databaseUrl()),
                    environmentFile.name(), source));
        }
        return targets;
    }

    private List<DatabaseTarget> databasesQuery(Settings catalog, String query) {
        List<DatabaseTarget> targets = new ArrayList<>();
        try (java.sql.Connection connection = dataSource(catalog).getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true); // the catalog is read, never changed
            try (java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                String value = result.getString(1);
                if (value == null || value.isBlank()) {
                    continue;
                }
                String source = "--databases-query row " + result.getRow();
                targets.add(new DatabaseTarget(value.strip().matches("(?i)(jdbc:postgresql:|postgres(ql)?://).*")
                        ? DatabaseUrl.parse(value.strip(), source, environment)
                        : new DatabaseUrl(dev.confiture.tenant.DatabaseMigrations.onSameServer(catalog.jdbcUrl(), value.strip()), null,
                                null), null, source));
                }
            }
            finally {
                connection.rollback();
            }
        }
        catch (java.sql.SQLException ex) {
            throw new UsageException("--databases-query failed on " + EventOrigin.database(catalog.jdbcUrl()) + ": "
                    + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + "); it must return one column of URLs or "
                    + "database names", ex);
        }
        return targets;
    }

    private SettingsResolver resolver() {
        Map<String, String> variables = environment;
        if (noConfig) {
            if (env != null || config != null) {
                throw new UsageException("--no-config reads no environment file: drop " + ((env != null) ? "--env" : "--config")
                        + " or --no-config");
            }
            variables = new java.util.HashMap<>(environment);
            variables.remove(SettingsResolver.ENV);
        }
        return new SettingsResolver(variables);
    }

    private CliFlags flags() {
        return new CliFlags((url != null) ? url : databaseUrl, user, password, env, config, projectDir,
                (migrationsDir != null) ? List.of(migrationsDir.toString()) : locations, schema, table, lockWait,
                schemaLocations);
    }

    /**
     * @return the event table the central log holds, named as the migrators that write to it name theirs: the
     * tracking table of {@code --schema}/{@code --table}, their variables or the environment file, with {@code _event}
     */
    dev.confiture.tracking.TableName centralEventTable() {
        SettingsResolver.TrackingTableName tracking = resolver().trackingTable(flags());
        ConfitureConfiguration.Builder defaults = ConfitureConfiguration.builder();
        if (tracking.schema() != null) {
            defaults.schema(tracking.schema());
        }
        if (tracking.table() != null) {
            defaults.table(tracking.table());
        }
        // the core's defaults and its naming of the event table, not a copy of them
        return defaults.dataSource(new PGSimpleDataSource()).build().eventTable();
    }

    /**
     * @return the central migration log ({@code --central-log-url}, {@code CONFITURE_CENTRAL_LOG_URL}, the environment
     * file's {@code central_log_url}), or {@code null} when none is configured
     */
    @Nullable DataSource centralLog() {
        DatabaseUrl central = resolver().centralLog(flags(), centralLogUrl, centralLogUser);
        if (central == null) {
            return null;
        }
        // a central log that never answers must not hold a migration: it is written after each commit
        PGSimpleDataSource dataSource = pgDataSource("The central log URL", central);
        dataSource.setConnectTimeout(10);
        dataSource.setLoginTimeout(10);
        dataSource.setSocketTimeout(30);
        return connections.tracking(dataSource);
    }

    /**
     * @return where new migration files go: {@code --migrations-dir}, the first filesystem location, or
     * {@code <project-dir>/db/migrations}
     * @throws UsageException when the locations name none on the file system
     */
    Path migrationsDirectory() {
        ConfitureCli cli = this;
        if (cli.migrationsDir != null) {
            return cli.migrationsDir;
        }
        for (String location : cli.locations) {
            if (location.startsWith("filesystem:")) {
                return Path.of(location.substring("filesystem:".length()));
            }
            if (!location.contains(":")) {
                return Path.of(location);
            }
        }
        if (!cli.locations.isEmpty()) {
            throw new UsageException("No filesystem location to write to in --locations " + String.join(",", cli.locations)
                    + ": pass --migrations-dir DIR");
        }
        return cli.projectDir.resolve("db").resolve("migrations").normalize();
    }

    /**
     * @param name an environment variable
     * @return its value, empty when it is not set
     */
    String variable(String name) {
        return java.util.Objects.requireNonNullElse(environment.get(name), "");
    }

    /** The subcommand being run (the deepest one on the command line). */
    private @Nullable Object runningCommand() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null) {
            return null;
        }
        while (parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().userObject();
    }

    /**
     * @param customizer adds command-specific settings (target, listeners)
     * @return a Confiture instance for the resolved settings
     * @throws UsageException when the settings are incomplete or invalid
     */
    Confiture confiture(UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        return confiture(settings(), customizer);
    }

    /**
     * @return the settings, for a command that reads the schema files
     * @throws UsageException when they are incomplete or invalid, or the environment file's schema directories
     * cannot be honoured
     */
    Settings schemaSettings() {
        Settings settings = settings();
        if (settings.schemaLocationsProblem() != null) {
            throw new UsageException(settings.schemaLocationsProblem());
        }
        return settings;
    }

    /**
     * A Confiture instance for build and the schema commands, which read the schema files: refuses schema
     * directories of the environment file it cannot honour, and treats a missing default migrations directory
     * ({@code <project-dir>/db/migrations}) as no migrations, since a project may have only {@code db/schema}.
     * @param customizer adds command-specific settings (disabled lint rules)
     * @return a Confiture instance for the resolved settings
     * @throws UsageException when the settings are incomplete or invalid
     */
    Confiture schemaConfiture(UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        Settings settings = schemaSettings();
        boolean noMigrations = settings.defaultLocations() && settings.locations().stream()
                .noneMatch(location -> Files.isDirectory(Path.of(location.substring("filesystem:".length()))));
        return confiture(settings, builder -> customizer.apply(noMigrations ? builder.locations(List.of()) : builder));
    }

    private Confiture confiture(Settings settings, UnaryOperator<ConfitureConfiguration.Builder> customizer) {
        ConfitureConfiguration.Builder builder = ConfitureConfiguration.builder()
                .dataSource(dataSource(settings))
                .locations(settings.locations())
                .schemaLocations(settings.schemaLocations())
                .failOnMissingLocations(true)
                .applicationName("confiture-cli")
                .outOfOrder(outOfOrder)
                .wording(CliWording.INSTANCE);
        if (settings.environment() != null) {
            builder.environment(settings.environment());
        }
        builder.environmentAliases(settings.environmentAliases());
        List<String> approvals = !approvalEnvironments.isEmpty() ? approvalEnvironments
                : (environment.get(APPROVAL_ENVIRONMENTS) != null && !environment.get(APPROVAL_ENVIRONMENTS).isBlank())
                        ? List.of(environment.get(APPROVAL_ENVIRONMENTS).split(",")) : List.of();
        if (!approvals.isEmpty()) {
            builder.approvalEnvironments(approvals.stream().map(String::trim).filter(name -> !name.isEmpty()).toList());
        }
        if (settings.schema() != null) {
            builder.schema(settings.schema());
        }
        if (settings.table() != null) {
            builder.table(settings.table());
        }
        if (settings.lockWait() != null) {
            builder.lockWait(settings.lockWait());
        }
        Map<String, String> values = new LinkedHashMap<>(settings.placeholders());
        values.putAll(placeholders);
        if (safetyFailOn != null) {
            try {
                builder.safetyFailOn(dev.confiture.config.SafetyGate.valueOf(safetyFailOn.trim().toUpperCase(java.util.Locale.ROOT)));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--safety-fail-on " + safetyFailOn + " is not a level: write error, warning or never");
            }
        }
        builder.holdContract(!noHoldContract);
        DataSource central = centralLog();
        if (central != null) {
            builder.centralEventLog(central);
        }
        if (instanceExpireAfter != null) {
            builder.instanceExpireAfter(instanceExpireAfter);
        }
        builder.placeholders(values).placeholderReplacement(!noPlaceholders)
                .placeholdersInDollarQuotes(placeholdersInDollarQuotes);
        try {
            return new Confiture(customizer.apply(builder).build());
        }
        catch (ConfitureException ex) {
            if (ex.code() == ErrorCode.INVALID_CONFIGURATION) {
                ex.inWords(CliWording.INSTANCE);
                throw new UsageException(ex.problem() + ((ex.hint() != null) ? ". " + ex.hint() : ""), ex);
            }
            throw ex;
        }
    }

    private DataSource dataSource(Settings settings) {
        return dataSource("The database URL", new DatabaseUrl(settings.jdbcUrl(), settings.user(), settings.password()));
    }

    private DataSource dataSource(String what, DatabaseUrl url) {
        return connections.tracking(pgDataSource(what, url));
    }

    private PGSimpleDataSource pgDataSource(String what, DatabaseUrl url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(url.jdbcUrl());
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException(what + " " + DatabaseUrl.mask(url.jdbcUrl()) + " is not valid for the PostgreSQL JDBC driver (a "
                    + "password with '/', '?' or '@' must be percent-encoded in a URL, or passed in the password variable); write "
                    + "jdbc:postgresql://host:5432/database", ex);
        }
        if (url.user() != null) {
            dataSource.setUser(url.user());
        }
        if (url.password() != null) {
            dataSource.setPassword(url.password());
        }
        if (!url.jdbcUrl().contains("ApplicationName=")) {
            // What pg_stat_activity and a waiting migrator's message show for this process's sessions.
            dataSource.setApplicationName("confiture-cli on " + EventOrigin.localHost());
        }
        return dataSource;
    }

    private boolean hasNoColorVariable() {
        String noColor = environment.get("NO_COLOR");
        return noColor != null && !noColor.isEmpty();
    }

    private static Charset outputCharset() {
        for (String property : List.of("stdout.encoding", "sun.stdout.encoding")) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** {@code --version}: the jar's version. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = ConfitureCli.class.getPackage().getImplementationVersion();
            return new String[] { "confiture " + ((version != null) ? version : "(development build)") };
        }
    }
}
