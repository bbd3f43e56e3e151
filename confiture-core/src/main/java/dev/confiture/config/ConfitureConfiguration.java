package dev.confiture.config;

import dev.confiture.api.Callback;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.MigrationListener;
import dev.confiture.api.Setting;
import dev.confiture.api.Wording;
import dev.confiture.migration.Migration;
import dev.confiture.migration.MigrationResource;
import dev.confiture.migration.MigrationVersion;
import dev.confiture.tracking.TableName;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link dev.confiture.Confiture} instance needs, immutable. Build it with {@link #builder()}; every
 * setting has a default that suits a service migrating its own database on startup.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 * <tr><td>name</td><td>{@code confiture}</td><td>this instance's name in logs and metrics (several databases, tenants)</td></tr>
 * <tr><td>searchPath</td><td>none</td><td>the schema migrations run in ({@code search_path}), e.g. a tenant's schema</td></tr>
 * <tr><td>locations</td><td>{@code classpath:db/migration}</td><td>where migration files live ({@code classpath:} or {@code filesystem:})</td></tr>
 * <tr><td>schema / table</td><td>{@code public} / {@code tb_confiture}</td><td>the tracking table; the event table is {@code <table>_event}</td></tr>
 * <tr><td>environment</td><td>{@code default}</td><td>written into every event row</td></tr>
 * <tr><td>target</td><td>none (latest)</td><td>migrate up to and including this version</td></tr>
 * <tr><td>outOfOrder</td><td>false</td><td>apply pending migrations older than the newest applied one</td></tr>
 * <tr><td>validateOnMigrate</td><td>true</td><td>refuse to migrate while validation finds errors</td></tr>
 * <tr><td>baselineOnMigrate / baselineVersion</td><td>false / none</td><td>on a database with tables but no tracking rows, mark migrations up to the baseline version as applied first</td></tr>
 * <tr><td>lockWait</td><td>5 minutes</td><td>how long to wait for another migrator</td></tr>
 * <tr><td>lockTimeout</td><td>10 seconds</td><td>PostgreSQL {@code lock_timeout} per migration, so a migration never queues traffic behind it for long</td></tr>
 * <tr><td>lockTimeoutRetries</td><td>3</td><td>retries (with backoff) of a transactional migration that hit {@code lock_timeout}</td></tr>
 * <tr><td>statementTimeout</td><td>none (server setting)</td><td>PostgreSQL {@code statement_timeout} per migration</td></tr>
 * <tr><td>onFailure</td><td>{@code FAIL}</td><td>{@code ROLLBACK_RUN} reverts the migrations a failed run applied</td></tr>
 * <tr><td>approvalEnvironments</td><td>{@code production}</td><td>environments where {@code approval=required} migrations need an approval</td></tr>
 * <tr><td>environmentAliases</td><td>none</td><td>other names of the environment (e.g. the name it was selected by) that the approval gate checks too</td></tr>
 * <tr><td>centralEventLog</td><td>none</td><td>a second database that receives every event too</td></tr>
 * <tr><td>schemaLocations</td><td>{@code filesystem:db/schema}</td><td>the DDL files build, validateSchema, lint and drift read</td></tr>
 * <tr><td>disabledLintRules</td><td>none</td><td>lint rule ids to switch off, e.g. {@code view-prefix}</td></tr>
 * <tr><td>scratchDataSources</td><td>derived from the DataSource</td><td>how to connect to a scratch database on the same server</td></tr>
 * </table>
 * Migration headers {@code lock-timeout} and {@code statement-timeout} override the timeouts per file.
 */
public final class ConfitureConfiguration {

    /** The default migration location. */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";

    /** The default location of the DDL files that build from DDL reads. */
    public static final String DEFAULT_SCHEMA_LOCATION = SchemaSettings.DEFAULTS.locations().get(0);

    /** The default schema of the tracking table. */
    public static final String DEFAULT_SCHEMA = "public";

    /** The default tracking table. */
    public static final String DEFAULT_TABLE = "tb_confiture";

    /** The default instance name. */
    public static final String DEFAULT_NAME = "confiture";

    /** The default environment name. */
    public static final String DEFAULT_ENVIRONMENT = "default";

    /** The default wait for the migration lock. */
    public static final Duration DEFAULT_LOCK_WAIT = Timeouts.DEFAULTS.lockWait();

    /** The default PostgreSQL {@code lock_timeout} of a migration. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Objects.requireNonNull(Timeouts.DEFAULTS.lockTimeout());

    /** The default number of retries after a lock timeout. */
    public static final int DEFAULT_LOCK_TIMEOUT_RETRIES = Timeouts.DEFAULTS.lockTimeoutRetries();

    /** The environments where {@code approval=required} migrations need an approval, by default. */
    public static final List<String> DEFAULT_APPROVAL_ENVIRONMENTS = ApprovalGate.DEFAULTS.environments();

    private final String name;
    private final DataSource dataSource;
    private final @Nullable String searchPath;
    private final List<String> locations;
    private final boolean failOnMissingLocations;
    private final @Nullable Supplier<List<MigrationResource>> resources;
    private final List<Migration> javaMigrations;
    private final List<MigrationListener> listeners;
    private final List<Callback> callbacks;
    private final ClassLoader classLoader;
    private final TableName trackingTable;
    private final TableName eventTable;
    private final TableName repeatableTable;
    private final TableName instanceTable;
    private final @Nullable TableName explicitInstanceTable;
    private final InstanceSettings instances;
    private final String environment;
    private final EventSettings events;
    private final @Nullable MigrationVersion target;
    private final boolean outOfOrder;
    private final boolean validateOnMigrate;
    private final Baseline baseline;
    private final Timeouts timeouts;
    private final OnFailure onFailure;
    private final ApprovalGate approvalGate;


    private final Wording wording;
    private final SchemaSettings schema;
    private final PlaceholderSettings placeholders;
    private final boolean cleanEnabled;
    private final @Nullable SafetyGate safetyFailOn;

    private ConfitureConfiguration(Builder builder) {
        if (builder.dataSource == null) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "No DataSource is configured",
                    "Pass one to ConfitureConfiguration.builder().dataSource(...)");
        }
        this.dataSource = builder.dataSource;
        this.name = requireText(builder.name, "name", "Give the configuration a name (ConfitureConfiguration.name)");
        this.searchPath = builder.searchPath;
        this.locations = List.copyOf(builder.locations);
        this.failOnMissingLocations = builder.failOnMissingLocations;
        this.resources = builder.resources;
        this.javaMigrations = List.copyOf(builder.javaMigrations);
        this.listeners = List.copyOf(builder.listeners);
        this.callbacks = List.copyOf(builder.callbacks);
        this.classLoader = builder.classLoader;
        this.trackingTable = new TableName(builder.schema, builder.table);
        this.eventTable = trackingTable.sibling(builder.table + "_event");
        this.repeatableTable = trackingTable.sibling(builder.table + "_repeatable");
        this.explicitInstanceTable = builder.instanceTable;
        this.instanceTable = (builder.instanceTable != null) ? builder.instanceTable
                : trackingTable.sibling(builder.table + "_instance");
        if (builder.instanceExpireAfter.isNegative() || builder.instanceExpireAfter.isZero()
                || builder.instanceExpireAfter.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, "The instance expiry must be positive and at most a day, not "
                    + builder.instanceExpireAfter, "Set " + Setting.INSTANCE_EXPIRE_AFTER.token()
                            + " to a duration longer than the heartbeat interval, e.g. 2m");
        }
        this.instances = new InstanceSettings(builder.instanceExpireAfter, builder.holdContract);
        this.environment = requireText(builder.environment, "environment",
                "Set " + Setting.ENVIRONMENT.token() + " to a name");
        this.events = new EventSettings(builder.applicationName, builder.appliedBy, builder.centralEventLog);
        this.target = builder.target;
        this.outOfOrder = builder.outOfOrder;
        this.validateOnMigrate = builder.validateOnMigrate;
        this.baseline = new Baseline(builder.baselineOnMigrate, builder.baselineVersion);
        this.timeouts = new Timeouts(builder.lockWait, builder.lockTimeout, builder.lockTimeoutRetries,
                builder.statementTimeout);
        this.onFailure = builder.onFailure;
        this.approvalGate = new ApprovalGate(builder.approvalEnvironments, builder.environmentAliases);
        this.wording = builder.wording;
        this.schema = new SchemaSettings(builder.schemaLocations, builder.schemaResources, builder.disabledLintRules,
                builder.scratchDataSources);
        this.placeholders = new PlaceholderSettings(builder.placeholders, builder.placeholderReplacement,
                builder.placeholdersInDollarQuotes);
        this.cleanEnabled = builder.cleanEnabled;
        this.safetyFailOn = builder.safetyFailOn;
    }

    /**
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return this instance's name in logs and metrics */
    public String name() {
        return name;
    }

    /** @return the schema migrations run in ({@code search_path}), or {@code null} to leave it alone */
    public @Nullable String searchPath() {
        return searchPath;
    }

    /**
     * A builder holding every setting of this configuration, to derive another one (e.g. one per tenant).
     * @return the builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.name = name;
        builder.dataSource = dataSource;
        builder.searchPath = searchPath;
        builder.locations = locations;
        builder.failOnMissingLocations = failOnMissingLocations;
        builder.resources = resources;
        builder.javaMigrations = javaMigrations;
        builder.listeners = listeners;
        builder.callbacks = callbacks;
        builder.classLoader = classLoader;
        builder.schema = trackingTable.schema();
        builder.table = trackingTable.table();
        builder.environment = environment;
        builder.applicationName = events.applicationName();
        builder.appliedBy = events.appliedBy();
        builder.target = target;
        builder.outOfOrder = outOfOrder;
        builder.validateOnMigrate = validateOnMigrate;
        builder.baselineOnMigrate = baseline.onMigrate();
        builder.baselineVersion = baseline.version();
        builder.lockWait = timeouts.lockWait();
        builder.lockTimeout = timeouts.lockTimeout();
        builder.lockTimeoutRetries = timeouts.lockTimeoutRetries();
        builder.statementTimeout = timeouts.statementTimeout();
        builder.onFailure = onFailure;
        builder.approvalEnvironments = approvalGate.environments();
        builder.environmentAliases = approvalGate.environmentAliases();
        builder.wording = wording;
        builder.centralEventLog = events.centralEventLog();
        builder.schemaLocations = schema.locations();
        builder.schemaResources = schema.resources();
        builder.disabledLintRules = schema.disabledLintRules();
        builder.scratchDataSources = schema.scratchDataSources();
        builder.placeholders = placeholders.values();
        builder.placeholderReplacement = placeholders.replace();
        builder.placeholdersInDollarQuotes = placeholders.inDollarQuotes();
        builder.cleanEnabled = cleanEnabled;
        builder.safetyFailOn = safetyFailOn;
        builder.instanceTable = explicitInstanceTable;
        builder.instanceExpireAfter = instances.expireAfter();
        builder.holdContract = instances.holdContract();
        return builder;
    }

    /** @return the database to migrate */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return where migration files are found */
    public List<String> locations() {
        return locations;
    }

    /** @return whether a missing location is an error rather than a warning */
    public boolean failOnMissingLocations() {
        return failOnMissingLocations;
    }

    /** @return a supplier of migration files that replaces location scanning (Spring uses it), or {@code null} */
    public @Nullable Supplier<List<MigrationResource>> resources() {
        return resources;
    }

    /** @return Java migrations */
    public List<Migration> javaMigrations() {
        return javaMigrations;
    }

    /** @return the Java callbacks, in the order they run (SQL callback files run before them) */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** @return listeners told about every migration applied or failed */
    public List<MigrationListener> listeners() {
        return listeners;
    }

    /** @return the class loader for {@code classpath:} locations */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** @return the tracking table */
    public TableName trackingTable() {
        return trackingTable;
    }

    /**
     * @return where repeatable migrations are recorded, {@code <table>_repeatable} in the same schema (never in the
     * tracking table, which upstream Confiture reads as applied versioned migrations)
     */
    public TableName repeatableTable() {
        return repeatableTable;
    }

    /** @return the event table, {@code <table>_event} in the same schema */
    public TableName eventTable() {
        return eventTable;
    }

    /** @return where live application instances record their heartbeats ({@code tb_confiture_instance}) */
    public TableName instanceTable() {
        return instanceTable;
    }

    /**
     * @return Confiture's own tables (tracking, events, repeatable migrations, live instances), which baseline-on-migrate,
     * build, lint and drift leave out
     */
    public List<TableName> bookkeepingTables() {
        return List.of(trackingTable, eventTable, repeatableTable, instanceTable);
    }

    /** @return the live-instance settings (expiry, whether contract migrations are held) */
    public InstanceSettings instances() {
        return instances;
    }

    /** @return the environment name written into events */
    public String environment() {
        return environment;
    }

    /** @return what every event says about who ran it, and where else events go */
    public EventSettings events() {
        return events;
    }

    /** @return the newest version to migrate to, or {@code null} for all */
    public @Nullable MigrationVersion target() {
        return target;
    }

    /** @return whether pending migrations older than the newest applied one are applied */
    public boolean outOfOrder() {
        return outOfOrder;
    }

    /** @return whether migrate refuses to run while validation finds errors */
    public boolean validateOnMigrate() {
        return validateOnMigrate;
    }

    /** @return baseline on migrate: whether, and up to which version */
    public Baseline baseline() {
        return baseline;
    }

    /** @return how long a run waits, for other migrators and for the server */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** @return what migrate does when a migration fails */
    public OnFailure onFailure() {
        return onFailure;
    }

    /** @return where {@code approval=required} migrations need an approval */
    public ApprovalGate approvalGate() {
        return approvalGate;
    }

    /** @return how messages name settings and operations: in the Java API's words unless a caller set its own */
    public Wording wording() {
        return wording;
    }

    /**
     * @return whether approvals are required: the environment or one of its aliases is one of the approval
     * environments (compared ignoring case and surrounding spaces), so naming an environment differently never
     * bypasses the gate
     */
    public boolean requiresApprovals() {
        return approvalGate.appliesTo(environment);
    }

    /** @return the DDL files that build, schema validation, lint and drift read */
    public SchemaSettings schemaFiles() {
        return schema;
    }

    /**
     * @return which findings of the zero-downtime analysis stop migrate: as set, else {@link SafetyGate#ERROR} in an
     * environment that requires approvals and {@link SafetyGate#NEVER} elsewhere
     */
    public SafetyGate safetyFailOn() {
        return (safetyFailOn != null) ? safetyFailOn : requiresApprovals() ? SafetyGate.ERROR : SafetyGate.NEVER;
    }

    /**
     * @return whether clean may drop everything in the configured schemas (never in an environment that requires
     * approvals, whatever this says)
     */
    public boolean cleanEnabled() {
        return cleanEnabled;
    }

    /** @return the placeholders of SQL migrations: values, and where they are replaced */
    public PlaceholderSettings placeholders() {
        return placeholders;
    }

    private static String requireText(@Nullable String value, String property, String hint) {
        if (value == null || value.isBlank()) {
            throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, property + " is empty", hint);
        }
        return value;
    }

    /**
     * Builds a {@link ConfitureConfiguration}.
     */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private @Nullable DataSource dataSource;
        private @Nullable String searchPath;
        private List<String> locations = List.of(DEFAULT_LOCATION);
        private boolean failOnMissingLocations;
        private @Nullable Supplier<List<MigrationResource>> resources;
        private List<Migration> javaMigrations = List.of();
        private List<MigrationListener> listeners = List.of();
        private List<Callback> callbacks = List.of();
        private ClassLoader classLoader = defaultClassLoader();
        private String schema = DEFAULT_SCHEMA;
        private String table = DEFAULT_TABLE;
        private String environment = DEFAULT_ENVIRONMENT;
        private @Nullable String applicationName;
        private @Nullable String appliedBy;
        private @Nullable MigrationVersion target;
        private boolean outOfOrder;
        private boolean validateOnMigrate = true;
        private boolean baselineOnMigrate;
        private @Nullable MigrationVersion baselineVersion;
        private Duration lockWait = Timeouts.DEFAULTS.lockWait();
        private @Nullable Duration lockTimeout = Timeouts.DEFAULTS.lockTimeout();
        private int lockTimeoutRetries = Timeouts.DEFAULTS.lockTimeoutRetries();
        private @Nullable Duration statementTimeout = Timeouts.DEFAULTS.statementTimeout();
        private OnFailure onFailure = OnFailure.FAIL;
        private List<String> approvalEnvironments = ApprovalGate.DEFAULTS.environments();

        private List<String> environmentAliases = List.of();

        private Wording wording = Wording.JAVA;
        private @Nullable DataSource centralEventLog;
        private List<String> schemaLocations = SchemaSettings.DEFAULTS.locations();
        private @Nullable Supplier<List<MigrationResource>> schemaResources;
        private Map<String, String> placeholders = PlaceholderSettings.DEFAULTS.values();
        private boolean placeholderReplacement = PlaceholderSettings.DEFAULTS.replace();
        private boolean placeholdersInDollarQuotes = PlaceholderSettings.DEFAULTS.inDollarQuotes();
        private boolean cleanEnabled;
        private @Nullable SafetyGate safetyFailOn;
        private @Nullable TableName instanceTable;
        private Duration instanceExpireAfter = InstanceSettings.DEFAULTS.expireAfter();
        private boolean holdContract = InstanceSettings.DEFAULTS.holdContract();
        private Set<String> disabledLintRules = Set.of();
        private @Nullable ScratchDataSources scratchDataSources;

        private Builder() {
        }

        /** @param name this instance's name in logs and metrics @return this builder */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** @param searchPath the schema migrations run in ({@code search_path}), or {@code null} @return this builder */
        public Builder searchPath(@Nullable String searchPath) {
            this.searchPath = searchPath;
            return this;
        }

        /** @param dataSource the database to migrate @return this builder */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** @param locations where migration files live @return this builder */
        public Builder locations(String... locations) {
            return locations(List.of(locations));
        }

        /** @param locations where migration files live @return this builder */
        public Builder locations(List<String> locations) {
            this.locations = List.copyOf(locations);
            return this;
        }

        /** @param failOnMissingLocations whether a missing location is an error @return this builder */
        public Builder failOnMissingLocations(boolean failOnMissingLocations) {
            this.failOnMissingLocations = failOnMissingLocations;
            return this;
        }

        /** @param resources supplies migration files instead of scanning locations @return this builder */
        public Builder resources(@Nullable Supplier<List<MigrationResource>> resources) {
            this.resources = resources;
            return this;
        }

        /** @param javaMigrations Java migrations @return this builder */
        public Builder javaMigrations(List<? extends Migration> javaMigrations) {
            this.javaMigrations = List.copyOf(javaMigrations);
            return this;
        }

        /** @param callbacks Java callbacks, run in this order after the SQL callback files of an event @return this builder */
        public Builder callbacks(List<? extends Callback> callbacks) {
            this.callbacks = List.copyOf(callbacks);
            return this;
        }

        /** @param listeners told about every migration applied or failed @return this builder */
        public Builder listeners(List<? extends MigrationListener> listeners) {
            this.listeners = List.copyOf(listeners);
            return this;
        }

        /** @param classLoader the class loader for classpath locations @return this builder */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** @param schema the tracking table's schema @return this builder */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /** @param table the tracking table @return this builder */
        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /** @param environment the environment name @return this builder */
        public Builder environment(String environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** @param applicationName the application name for events @return this builder */
        public Builder applicationName(@Nullable String applicationName) {
            this.applicationName = applicationName;
            return this;
        }

        /** @param appliedBy who applies migrations ({@code null}: the database user) @return this builder */
        public Builder appliedBy(@Nullable String appliedBy) {
            this.appliedBy = appliedBy;
            return this;
        }

        /** @param target the newest version to migrate to ({@code null}: all) @return this builder */
        public Builder target(@Nullable String target) {
            this.target = (target != null) ? parseVersion(target, "target", Setting.TARGET) : null;
            return this;
        }

        /** @param outOfOrder whether to apply pending migrations older than the newest applied one @return this builder */
        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /** @param validateOnMigrate whether migrate refuses to run while validation finds errors @return this builder */
        public Builder validateOnMigrate(boolean validateOnMigrate) {
            this.validateOnMigrate = validateOnMigrate;
            return this;
        }

        /** @param baselineOnMigrate whether to baseline a database with tables but no tracking rows @return this builder */
        public Builder baselineOnMigrate(boolean baselineOnMigrate) {
            this.baselineOnMigrate = baselineOnMigrate;
            return this;
        }

        /** @param baselineVersion the version baseline-on-migrate marks up to @return this builder */
        public Builder baselineVersion(@Nullable String baselineVersion) {
            this.baselineVersion = (baselineVersion != null) ? parseVersion(baselineVersion, "baseline-version", Setting.BASELINE_VERSION) : null;
            return this;
        }

        /** @param lockWait how long to wait for the migration lock @return this builder */
        public Builder lockWait(Duration lockWait) {
            this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
            return this;
        }

        /** @param lockTimeout PostgreSQL lock_timeout per migration ({@code null}: server setting) @return this builder */
        public Builder lockTimeout(@Nullable Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** @param lockTimeoutRetries retries after a lock timeout @return this builder */
        public Builder lockTimeoutRetries(int lockTimeoutRetries) {
            this.lockTimeoutRetries = lockTimeoutRetries;
            return this;
        }

        /** @param statementTimeout PostgreSQL statement_timeout per migration ({@code null}: server setting) @return this builder */
        public Builder statementTimeout(@Nullable Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        /** @param onFailure what migrate does when a migration fails @return this builder */
        public Builder onFailure(OnFailure onFailure) {
            this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        /** @param approvalEnvironments environments where approval=required migrations need an approval @return this builder */
        public Builder approvalEnvironments(List<String> approvalEnvironments) {
            this.approvalEnvironments = List.copyOf(approvalEnvironments);
            return this;
        }

        /**
         * @param environmentAliases other names of the environment (e.g. the name a command line selected it by, when
         * its file declares another), which the approval gate checks too
         * @return this builder
         */
        public Builder environmentAliases(List<String> environmentAliases) {
            this.environmentAliases = List.copyOf(environmentAliases);
            return this;
        }

        /**
         * @param wording how messages name settings and operations (the starter's properties, the command line's
         * flags); default: the Java API's names
         * @return this builder
         */
        public Builder wording(Wording wording) {
            this.wording = Objects.requireNonNull(wording, "wording");
            return this;
        }

        /** @param centralEventLog a second database that receives every event too, or {@code null} @return this builder */
        public Builder centralEventLog(@Nullable DataSource centralEventLog) {
            this.centralEventLog = centralEventLog;
            return this;
        }

        /** @param schemaLocations where the DDL files of build from DDL live @return this builder */
        public Builder schemaLocations(String... schemaLocations) {
            return schemaLocations(List.of(schemaLocations));
        }

        /** @param schemaLocations where the DDL files of build from DDL live @return this builder */
        public Builder schemaLocations(List<String> schemaLocations) {
            this.schemaLocations = List.copyOf(schemaLocations);
            return this;
        }

        /** @param schemaResources supplies schema files instead of scanning the schema locations @return this builder */
        public Builder schemaResources(@Nullable Supplier<List<MigrationResource>> schemaResources) {
            this.schemaResources = schemaResources;
            return this;
        }

        /** @param ruleIds ids of lint rules to switch off, e.g. {@code view-prefix} @return this builder */
        public Builder disabledLintRules(String... ruleIds) {
            return disabledLintRules(List.of(ruleIds));
        }

        /** @param ruleIds ids of lint rules to switch off, e.g. {@code view-prefix} @return this builder */
        public Builder disabledLintRules(java.util.Collection<String> ruleIds) {
            this.disabledLintRules = new LinkedHashSet<>(ruleIds);
            return this;
        }

        /**
         * @param scratchDataSources how to connect to a scratch database on the same server ({@code null}:
         * derived from the DataSource) @return this builder
         */
        public Builder scratchDataSources(@Nullable ScratchDataSources scratchDataSources) {
            this.scratchDataSources = scratchDataSources;
            return this;
        }

        /**
         * @param placeholders the value of each placeholder {@code ${name}} in SQL migrations, replacing any given
         * before @return this builder
         */
        public Builder placeholders(Map<String, String> placeholders) {
            this.placeholders = new LinkedHashMap<>(placeholders);
            return this;
        }

        /** @param name a placeholder's name @param value its value @return this builder */
        public Builder placeholder(String name, String value) {
            Map<String, String> values = new LinkedHashMap<>(this.placeholders);
            values.put(name, value);
            this.placeholders = values;
            return this;
        }

        /**
         * @param placeholderReplacement whether {@code ${name}} in SQL migrations is replaced (default true; off, it is
         * sent as written) @return this builder
         */
        public Builder placeholderReplacement(boolean placeholderReplacement) {
            this.placeholderReplacement = placeholderReplacement;
            return this;
        }

        /**
         * @param placeholdersInDollarQuotes whether placeholders inside dollar-quoted bodies (function bodies,
         * {@code DO} blocks) are replaced too (default false) @return this builder
         */
        public Builder placeholdersInDollarQuotes(boolean placeholdersInDollarQuotes) {
            this.placeholdersInDollarQuotes = placeholdersInDollarQuotes;
            return this;
        }

        /**
         * @param safetyFailOn which findings of the zero-downtime analysis stop migrate before anything runs, or
         * {@code null} for the default (error in the environments that require approvals, never elsewhere)
         * @return this builder
         */
        public Builder safetyFailOn(@Nullable SafetyGate safetyFailOn) {
            this.safetyFailOn = safetyFailOn;
            return this;
        }

        /**
         * @param instanceExpireAfter how long after its last heartbeat an application instance stops counting as live
         * (default 2 minutes) @return this builder
         */
        public Builder instanceExpireAfter(Duration instanceExpireAfter) {
            this.instanceExpireAfter = Objects.requireNonNull(instanceExpireAfter, "instanceExpireAfter");
            return this;
        }

        /**
         * @param holdContract whether a {@code phase=contract} migration is held while an instance of an older build
         * is live (default true) @return this builder
         */
        public Builder holdContract(boolean holdContract) {
            this.holdContract = holdContract;
            return this;
        }

        /**
         * @param instanceTable where live instances record their heartbeats, or {@code null} for the default: beside
         * the tracking table (tenants share their base's) @return this builder
         */
        public Builder instanceTable(@Nullable TableName instanceTable) {
            this.instanceTable = instanceTable;
            return this;
        }

        /**
         * @param cleanEnabled whether clean may drop everything in the configured schemas (default false; a
         * development database's setting, refused anyway in an environment that requires approvals) @return this
         * builder
         */
        public Builder cleanEnabled(boolean cleanEnabled) {
            this.cleanEnabled = cleanEnabled;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfitureException INVALID_CONFIGURATION naming the setting that is wrong
         */
        public ConfitureConfiguration build() {
            try {
                return new ConfitureConfiguration(this);
            }
            catch (ConfitureException ex) {
                throw ex.inWords(wording); // the hint names the setting as the caller sets it
            }
        }

        private MigrationVersion parseVersion(String text, String property, Setting setting) {
            try {
                return MigrationVersion.parse(text.trim());
            }
            catch (IllegalArgumentException ex) {
                throw new ConfitureException(ErrorCode.INVALID_CONFIGURATION, property + " '" + text + "' is not a version",
                        null, "Set " + setting.token() + " to digits only, e.g. 20240101120000", ex).inWords(wording);
            }
        }

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return (context != null) ? context : ConfitureConfiguration.class.getClassLoader();
        }
    }
}
