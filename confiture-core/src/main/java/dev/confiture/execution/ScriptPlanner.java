package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Setting;
import dev.confiture.api.SourceLocation;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.config.PlaceholderSettings;
import dev.confiture.migration.CallbackScript;
import dev.confiture.migration.Checksums;
import dev.confiture.migration.MetadataHeaders;
import dev.confiture.migration.MigrationCatalog;
import dev.confiture.migration.MigrationMetadata;
import dev.confiture.migration.MigrationType;
import dev.confiture.migration.RepeatableMigration;
import dev.confiture.migration.ResolvedMigration;
import dev.confiture.migration.ScriptFile;
import dev.confiture.sql.Placeholders;
import dev.confiture.sql.SqlScript;
import dev.confiture.sql.SqlScriptParser;
import dev.confiture.sql.SqlStatement;
import dev.confiture.sql.StatementStream;
import dev.confiture.sql.TransactionControl;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides how each migration runs. A script runs in one transaction unless its header says
 * {@code transactional=false} or the lexer finds a statement PostgreSQL refuses inside a transaction
 * block; then it runs statement by statement in autocommit. Plans are cached per slug and checksum,
 * so status and migrate parse each file once.
 */
public final class ScriptPlanner {

    private final Map<String, ExecutionPlan> plans = new ConcurrentHashMap<>();

    private final ConfitureConfiguration configuration;

    private volatile @Nullable String user;

    /** Set on a thread planning ahead of the run ({@link #planAhead}), which never connects. */
    private static final ThreadLocal<Boolean> AHEAD = new ThreadLocal<>();

    /** Thrown on a thread planning ahead when a plan needs the database. */
    private static final class NeedsDatabase extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NeedsDatabase() {
            super(null, null, false, false);
        }
    }

    /**
     * @param configuration the placeholders' values, and what the built-in ones stand for
     */
    public ScriptPlanner(ConfitureConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * @param migration the migration
     * @return how it runs
     * @throws ConfitureException SQL_PARSE_ERROR, INVALID_METADATA_HEADER or UNSUPPORTED_STATEMENT,
     * naming file and line
     */
    public ExecutionPlan plan(ResolvedMigration migration) {
        if (migration.type() == MigrationType.JAVA) {
            boolean transactional = !Boolean.FALSE.equals(migration.metadata().transactional());
            return new ExecutionPlan(transactional, List.of(), transactional ? null : "it declares transactional=false");
        }
        return plans.computeIfAbsent(migration.slug() + ":" + migration.checksum(),
                key -> planScript(Objects.requireNonNull(migration.up(), "an SQL migration has an up file"),
                        migration.metadata().transactional()));
    }

    /**
     * {@link #plan} on a thread of its own, ahead of the run ({@link PlansAhead}), when the plan needs nothing from the
     * database and reads nothing: a file using the user placeholder before its value is known is left to the run, which
     * connects as the run does (a routing data source picks its target by thread), and so is a file too large to hold
     * (planning reads it through, which the run may never need: another instance may have applied it meanwhile).
     * @param migration the migration
     * @return whether it is planned (then {@link #plan} finds it); {@code false} when left to the run
     * @throws ConfitureException as {@link #plan} does
     */
    boolean planAhead(ResolvedMigration migration) {
        if (migration.up() != null && migration.up().streamed() != null) {
            return false;
        }
        AHEAD.set(Boolean.TRUE);
        try {
            plan(migration);
            return true;
        }
        catch (NeedsDatabase ex) {
            return false;
        }
        finally {
            AHEAD.remove();
        }
    }

    /**
     * @param repeatable a repeatable migration
     * @return how it runs: always in one transaction, with its record
     * @throws ConfitureException as for {@link #plan(ResolvedMigration)}, and UNSUPPORTED_STATEMENT for a statement
     * PostgreSQL refuses in a transaction block (or {@code transactional=false}): a repeatable migration runs again
     * whenever it changes, so it must never be half applied
     */
    public ExecutionPlan planRepeatable(RepeatableMigration repeatable) {
        return planInOneTransaction(repeatable.slug() + ":" + repeatable.checksum(), repeatable.script(),
                repeatable.metadata(), "Repeatable migration " + repeatable.slug(), "A repeatable migration runs whole "
                        + "whenever it changes, so it runs in one transaction: move that statement into a versioned "
                        + "migration");
    }

    /**
     * @param callback an SQL callback file
     * @return how it runs: always in one transaction, with its event
     * @throws ConfitureException as for {@link #plan(ResolvedMigration)}, and UNSUPPORTED_STATEMENT for a statement
     * PostgreSQL refuses in a transaction block (or {@code transactional=false})
     */
    public ExecutionPlan planCallback(CallbackScript callback) {
        return planInOneTransaction(callback.source() + ":" + Checksums.sha256Hex(callback.script().bytes()),
                callback.script(), callback.metadata(), "Callback " + callback.source(), "A callback runs in one "
                        + "transaction with its event: move that statement into a migration");
    }

    /**
     * A script that always runs in one transaction (a repeatable migration, a callback), planned once per content.
     * @throws ConfitureException UNSUPPORTED_STATEMENT when a statement cannot run in a transaction block
     */
    private ExecutionPlan planInOneTransaction(String cacheKey, ScriptFile file, MigrationMetadata metadata, String what,
            String hint) {
        ExecutionPlan plan = plans.computeIfAbsent(cacheKey, key -> planScript(file, metadata.transactional()));
        if (!plan.transactional()) {
            throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, what + " cannot run in one transaction: "
                    + plan.nonTransactionalReason(), new SourceLocation(file.description(), 1, 1), hint, null);
        }
        return plan;
    }

    /**
     * How a migration's revert runs: its down script, or its Java migration's down.
     * @param migration a reversible migration
     * @return how its down runs
     * @throws ConfitureException as for {@link #plan(ResolvedMigration)}, naming the down file
     */
    public ExecutionPlan planDown(ResolvedMigration migration) {
        if (migration.type() == MigrationType.JAVA) {
            return plan(migration);
        }
        ScriptFile down = Objects.requireNonNull(migration.down(), "a reversible SQL migration has a down file");
        MigrationMetadata metadata = MetadataHeaders.parse(down.text(), down.description());
        refuseHeadersADownDoesNotRead(down, metadata);
        return planScript(down, metadata.transactional());
    }

    /**
     * A down script reads {@code transactional} (and the informational keys); a key that would change how it runs
     * but is not read there is refused rather than silently ignored: approvals gate ups, and a down runs with its
     * up's timeouts.
     */
    private static void refuseHeadersADownDoesNotRead(ScriptFile down, MigrationMetadata metadata) {
        String key = metadata.approvalRequired() ? "approval" : (metadata.lockTimeout() != null) ? "lock-timeout"
                : (metadata.statementTimeout() != null) ? "statement-timeout" : null;
        if (key == null) {
            return;
        }
        List<String> lines = down.text().lines().toList();
        int line = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toLowerCase(java.util.Locale.ROOT).matches("\\s*--\\s*confiture\\s*:.*\\b" + key + "\\s*=.*")) {
                line = i + 1;
                break;
            }
        }
        throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER, "A down script does not read the header key '"
                + key + "'" + (key.equals("approval") ? ": approvals gate a migration's up, never its down, so this "
                        + "header would gate nothing" : ": a down runs with its up's timeouts"),
                new SourceLocation(down.description(), line, 1), key.equals("approval")
                        ? "Remove the header; to keep downs out of an environment, do not run down there"
                        : "Move the header into the up file, or remove it", null);
    }

    /**
     * @return what stops the migration's down file from running (unterminated quotes, a block never ended, a
     * {@code ROLLBACK} in a transactional down, a bad header), found before anyone needs the down; none for a
     * migration without a down file
     */
    public List<Problem> downProblems(ResolvedMigration migration) {
        if (migration.type() == MigrationType.JAVA || migration.down() == null) {
            return List.of();
        }
        try {
            planDown(migration);
            return List.of();
        }
        catch (ConfitureException ex) {
            return List.of(Problem.of(migration.version().text(), ex));
        }
    }

    private ExecutionPlan planScript(ScriptFile file, @Nullable Boolean declared) {
        if (file.streamed() != null) {
            return planStreamed(file, declared);
        }
        SqlScript parsed = SqlScriptParser.parse(file.text(), file.description());
        List<Placeholders.Span> spans = placeholders(file);
        SqlScript script = spans.isEmpty() ? parsed
                : new SqlScript(parsed.source(), parsed.statements().stream().map(statement -> statement.withPlaceholders(spans)).toList());
        int fileStatements = script.statements().size();
        SqlStatement refused = script.statements().stream()
                .filter(statement -> statement.nonTransactionalReason() != null).findFirst().orElse(null);
        if (Boolean.TRUE.equals(declared) && refused != null) {
            throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER, "The header says transactional=true, but "
                    + refused.nonTransactionalReason(), refused.location(file.description()),
                    "Remove the header, or move that statement into a migration of its own", null);
        }
        if (Boolean.FALSE.equals(declared) || refused != null) {
            String reason = (refused != null) ? refused.nonTransactionalReason() : "its header says transactional=false";
            return new ExecutionPlan(false, script.statements(), reason, fileStatements,
                    TransactionBlocks.steps(script.statements(), file.description()));
        }
        for (SqlStatement statement : script.statements()) {
            if (statement.transactionControl() == TransactionControl.ROLLBACK) {
                throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "ROLLBACK would undo the migration's "
                        + "own transaction", statement.location(file.description()),
                        "Remove it: a migration that fails is rolled back anyway", null);
            }
        }
        List<SqlStatement> statements = script.statements().stream()
                .filter(statement -> statement.transactionControl() == TransactionControl.NONE).toList();
        return new ExecutionPlan(true, statements, null, fileStatements, List.of());
    }

    /**
     * Plans a file too large to hold by reading it once statement by statement, holding none of them: what planning
     * a file read whole finds (a statement that cannot be split, an undefined placeholder, a {@code ROLLBACK}) it
     * finds too, before anything runs. Such a file runs in one transaction only: a statement PostgreSQL refuses in a
     * transaction block, or {@code transactional=false}, is refused, since running it step by step would mean
     * holding its statements.
     */
    private ExecutionPlan planStreamed(ScriptFile file, @Nullable Boolean declared) {
        ScriptFile.Streamed streamed = Objects.requireNonNull(file.streamed());
        String size = String.format(java.util.Locale.ROOT, "%.1f MiB", streamed.size() / 1048576.0);
        String hint = "Move the statements that cannot run in a transaction into a migration of their own, below "
                + (MigrationCatalog.STREAMING_THRESHOLD_BYTES >> 20) + " MiB, or split the file";
        if (Boolean.FALSE.equals(declared)) {
            throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "Migration file is " + size + ", read "
                    + "statement by statement, and such a file runs in one transaction only: its header says "
                    + "transactional=false", new SourceLocation(file.description(), 1, 1), hint, null);
        }
        java.util.function.UnaryOperator<SqlStatement> prepare = placeholdersOf(file);
        int fileStatements = 0;
        int sent = 0;
        try (StatementStream stream = new StatementStream(file.openText(), file.description())) {
            for (SqlStatement statement = stream.next(); statement != null; statement = stream.next()) {
                fileStatements++;
                String reason = statement.nonTransactionalReason();
                if (reason != null && Boolean.TRUE.equals(declared)) {
                    throw new ConfitureException(ErrorCode.INVALID_METADATA_HEADER, "The header says "
                            + "transactional=true, but " + reason, statement.location(file.description()),
                            "Remove the header, or move that statement into a migration of its own", null);
                }
                if (reason != null) {
                    throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "Migration file is " + size
                            + ", read statement by statement, and such a file runs in one transaction only, but "
                            + reason, statement.location(file.description()), hint, null);
                }
                if (statement.transactionControl() == TransactionControl.ROLLBACK) {
                    throw new ConfitureException(ErrorCode.UNSUPPORTED_STATEMENT, "ROLLBACK would undo the migration's "
                            + "own transaction", statement.location(file.description()),
                            "Remove it: a migration that fails is rolled back anyway", null);
                }
                if (statement.transactionControl() == TransactionControl.NONE) {
                    prepare.apply(statement); // an undefined placeholder is found now, not half way through the run
                    sent++;
                }
            }
        }
        catch (IOException ex) {
            throw new ConfitureException(ErrorCode.UNREADABLE_MIGRATION, "Migration file " + file.description()
                    + " cannot be read: " + ex.getMessage(), new SourceLocation(file.description(), 1, 1),
                    "Check that the file exists, is UTF-8 and is not being changed", ex);
        }
        return ExecutionPlan.streamed(new StreamedScript(file, prepare, sent), fileStatements);
    }

    /** What is done to each statement of a streamed file before it is sent: its placeholders replaced, if any. */
    private java.util.function.UnaryOperator<SqlStatement> placeholdersOf(ScriptFile file) {
        PlaceholderSettings settings = configuration.placeholders();
        if (!settings.replace()) {
            return java.util.function.UnaryOperator.identity();
        }
        return statement -> Placeholders.replaceIn(statement, file.description(), this::valueOf,
                settings.inDollarQuotes(), UNDEFINED_PLACEHOLDER_HINT);
    }

    private static final String UNDEFINED_PLACEHOLDER_HINT = "Define it (" + Setting.PLACEHOLDERS.token() + "), or "
            + "write it differently if it is not meant as a placeholder (placeholders are replaced in SQL code and "
            + "quoted text, not in comments or, by default, in dollar-quoted bodies); the built-ins are "
            + PlaceholderSettings.BUILT_IN_PREFIX + "schema, table, environment and user";

    /**
     * The placeholders of the file (none when replacement is off): replaced in what is sent, never in the text as
     * written, which the checksum, the messages and the locations keep.
     */
    private List<Placeholders.Span> placeholders(ScriptFile file) {
        PlaceholderSettings settings = configuration.placeholders();
        if (!settings.replace()) {
            return List.of();
        }
        return Placeholders.find(file.text(), file.description(), this::valueOf, settings.inDollarQuotes(),
                UNDEFINED_PLACEHOLDER_HINT);
    }

    private @Nullable String valueOf(String name) {
        if (!name.startsWith(PlaceholderSettings.BUILT_IN_PREFIX)) {
            return configuration.placeholders().values().get(name);
        }
        return switch (name.substring(PlaceholderSettings.BUILT_IN_PREFIX.length())) {
            case "schema" -> configuration.trackingTable().schema();
            case "table" -> configuration.trackingTable().table();
            case "environment" -> configuration.environment();
            case "user" -> currentUser();
            default -> null;
        };
    }

    /** The user migrations run as, asked of the database once, and only when a file uses it. */
    private String currentUser() {
        String known = user;
        if (known != null) {
            return known;
        }
        if (AHEAD.get() != null) {
            throw new NeedsDatabase();
        }
        try (Connection connection = configuration.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_user")) {
            result.next();
            known = result.getString(1);
            user = known;
            return known;
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read the database user for the "
                    + "placeholder ${" + PlaceholderSettings.BUILT_IN_PREFIX + "user}: " + ex.getMessage(),
                    null, "Check that the database is reachable", ex);
        }
    }
}
