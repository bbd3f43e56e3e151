package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.config.OnFailure;
import dev.confiture.config.PlaceholderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code confiture.*} properties. Names mirror {@code spring.flyway.*} where the meaning is the
 * same; every default equals the core's default (a test asserts it).
 */
@ConfigurationProperties("confiture")
public class ConfitureProperties {

    /**
     * Whether to enable Confiture.
     */
    private boolean enabled = true;

    /**
     * Locations of migrations: "classpath:" (every classpath root, executable jars included) or
     * "filesystem:" prefixed; no prefix means classpath.
     */
    private List<String> locations = new ArrayList<>(List.of(ConfitureConfiguration.DEFAULT_LOCATION));

    /**
     * Whether a missing location is an error rather than a warning.
     */
    private boolean failOnMissingLocations;

    /**
     * Schema of the tracking table (created when missing).
     */
    private String schema = ConfitureConfiguration.DEFAULT_SCHEMA;

    /**
     * Name of the tracking table; the event table is this name with "_event" appended.
     */
    private String table = ConfitureConfiguration.DEFAULT_TABLE;

    /**
     * Environment name written into every event, e.g. "production".
     */
    private String environment = ConfitureConfiguration.DEFAULT_ENVIRONMENT;

    /**
     * Application name written into every event. Defaults to spring.application.name.
     */
    private @Nullable String applicationName;

    /**
     * Who applies migrations, recorded in the tracking table. Defaults to the database user.
     */
    private @Nullable String appliedBy;

    /**
     * What to do with migrations at startup.
     */
    private StartupMode startupMode = StartupMode.MIGRATE;

    /**
     * Newest version to migrate to. Defaults to the latest.
     */
    private @Nullable String target;

    /**
     * Whether to apply pending migrations that are older than the newest applied one.
     */
    private boolean outOfOrder;

    /**
     * Whether migrate refuses to run while validation finds errors.
     */
    private boolean validateOnMigrate = true;

    /**
     * Whether to baseline a schema that has tables but no applied migrations before migrating.
     */
    private boolean baselineOnMigrate;

    /**
     * Version that baseline-on-migrate marks as applied, with everything before it.
     */
    private @Nullable String baselineVersion;

    /**
     * How long to wait for another migrator (another pod) holding the migration lock.
     */
    private Duration lockWait = ConfitureConfiguration.DEFAULT_LOCK_WAIT;

    /**
     * PostgreSQL lock_timeout of each migration; 0 waits forever. Files override it with a
     * lock-timeout header.
     */
    private @Nullable Duration lockTimeout = ConfitureConfiguration.DEFAULT_LOCK_TIMEOUT;

    /**
     * How often a transactional migration that hit lock_timeout is retried, with backoff.
     */
    private int lockTimeoutRetries = ConfitureConfiguration.DEFAULT_LOCK_TIMEOUT_RETRIES;

    /**
     * PostgreSQL statement_timeout of each migration. Defaults to the server's setting. Files
     * override it with a statement-timeout header.
     */
    private @Nullable Duration statementTimeout;

    /**
     * The zero-downtime analysis of migrate.
     */
    private final Safety safety = new Safety();

    /**
     * This application instance's heartbeat, which holds contract migrations of newer builds while it is live.
     */
    private final Heartbeat heartbeat = new Heartbeat();

    /**
     * Whether phase=contract migrations are held while an instance of an older build is live.
     */
    private boolean holdContract = dev.confiture.config.InstanceSettings.DEFAULTS.holdContract();

    /**
     * Whether Confiture.clean() may drop everything in the configured schemas: for development databases only; it is
     * refused anyway in the approval environments.
     */
    private boolean cleanEnabled;

    /**
     * Values of placeholders ${name} in SQL migrations, by name (the built-ins confiture:schema, confiture:table,
     * confiture:environment and confiture:user are always defined).
     */
    private Map<String, String> placeholders = new LinkedHashMap<>(PlaceholderSettings.DEFAULTS.values());

    /**
     * Whether placeholders ${name} in SQL migrations are replaced; off, they are sent as written.
     */
    private boolean placeholderReplacement = PlaceholderSettings.DEFAULTS.replace();

    /**
     * Whether placeholders are replaced inside dollar-quoted bodies (function bodies, DO blocks) too.
     */
    private boolean placeholdersInDollarQuotes = PlaceholderSettings.DEFAULTS.inDollarQuotes();

    /**
     * What migrate does when a migration fails: "fail" keeps the migrations applied before it;
     * "rollback-run" reverts them with their down scripts.
     */
    private OnFailure onFailure = OnFailure.FAIL;

    /**
     * Environments in which migrations marked approval=required need an approval of their current file.
     */
    private List<String> approvalEnvironments = new ArrayList<>(ConfitureConfiguration.DEFAULT_APPROVAL_ENVIRONMENTS);

    /**
     * A central database that receives every migration event too (the history of every environment).
     */
    private final CentralLog centralLog = new CentralLog();

    /**
     * Named instances next to the default one: other databases (or schemas) with their own migrations.
     * Each gets a Confiture bean "confiture.<name>", a section in /actuator/confiture, a health
     * contributor "confiture.<name>" and metrics tagged with its name.
     */
    private final Map<String, Instance> instances = new LinkedHashMap<>();

    /**
     * Schema-per-tenant migration: one set of migrations applied to many schemas of the default database.
     */
    private final Tenants tenants = new Tenants();

    /**
     * JDBC URL of the database to migrate, when it is not the application's DataSource.
     */
    private @Nullable String url;

    /**
     * Login user of the database to migrate; with no url, the application's DataSource is used
     * with this user.
     */
    private @Nullable String user;

    /**
     * Login password of the database to migrate.
     */
    private @Nullable String password;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public boolean isFailOnMissingLocations() {
        return failOnMissingLocations;
    }

    public void setFailOnMissingLocations(boolean failOnMissingLocations) {
        this.failOnMissingLocations = failOnMissingLocations;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public @Nullable String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(@Nullable String applicationName) {
        this.applicationName = applicationName;
    }

    public @Nullable String getAppliedBy() {
        return appliedBy;
    }

    public void setAppliedBy(@Nullable String appliedBy) {
        this.appliedBy = appliedBy;
    }

    public StartupMode getStartupMode() {
        return startupMode;
    }

    public void setStartupMode(StartupMode startupMode) {
        this.startupMode = startupMode;
    }

    public @Nullable String getTarget() {
        return target;
    }

    public void setTarget(@Nullable String target) {
        this.target = target;
    }

    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    public void setOutOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
    }

    public boolean isValidateOnMigrate() {
        return validateOnMigrate;
    }

    public void setValidateOnMigrate(boolean validateOnMigrate) {
        this.validateOnMigrate = validateOnMigrate;
    }

    public boolean isBaselineOnMigrate() {
        return baselineOnMigrate;
    }

    public void setBaselineOnMigrate(boolean baselineOnMigrate) {
        this.baselineOnMigrate = baselineOnMigrate;
    }

    public @Nullable String getBaselineVersion() {
        return baselineVersion;
    }

    public void setBaselineVersion(@Nullable String baselineVersion) {
        this.baselineVersion = baselineVersion;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public @Nullable Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(@Nullable Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public int getLockTimeoutRetries() {
        return lockTimeoutRetries;
    }

    public void setLockTimeoutRetries(int lockTimeoutRetries) {
        this.lockTimeoutRetries = lockTimeoutRetries;
    }

    public Safety getSafety() {
        return safety;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public boolean isHoldContract() {
        return holdContract;
    }

    public void setHoldContract(boolean holdContract) {
        this.holdContract = holdContract;
    }

    public boolean isCleanEnabled() {
        return cleanEnabled;
    }

    public void setCleanEnabled(boolean cleanEnabled) {
        this.cleanEnabled = cleanEnabled;
    }

    public Map<String, String> getPlaceholders() {
        return placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public boolean isPlaceholderReplacement() {
        return placeholderReplacement;
    }

    public void setPlaceholderReplacement(boolean placeholderReplacement) {
        this.placeholderReplacement = placeholderReplacement;
    }

    public boolean isPlaceholdersInDollarQuotes() {
        return placeholdersInDollarQuotes;
    }

    public void setPlaceholdersInDollarQuotes(boolean placeholdersInDollarQuotes) {
        this.placeholdersInDollarQuotes = placeholdersInDollarQuotes;
    }

    public @Nullable Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(@Nullable Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public OnFailure getOnFailure() {
        return onFailure;
    }

    public void setOnFailure(OnFailure onFailure) {
        this.onFailure = onFailure;
    }

    public List<String> getApprovalEnvironments() {
        return approvalEnvironments;
    }

    public void setApprovalEnvironments(List<String> approvalEnvironments) {
        this.approvalEnvironments = approvalEnvironments;
    }

    public CentralLog getCentralLog() {
        return centralLog;
    }

    public Map<String, Instance> getInstances() {
        return instances;
    }

    public Tenants getTenants() {
        return tenants;
    }

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public @Nullable String getUser() {
        return user;
    }

    public void setUser(@Nullable String user) {
        this.user = user;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    /**
     * The central migration log: a database that receives every event of this application too.
     */
    public static class CentralLog {

        /**
         * JDBC URL of the central database. Unset: no central log (unless a DataSource bean is
         * qualified @ConfitureCentralLog).
         */
        private @Nullable String url;

        /**
         * Login user of the central database.
         */
        private @Nullable String user;

        /**
         * Login password of the central database.
         */
        private @Nullable String password;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUser() {
            return user;
        }

        public void setUser(@Nullable String user) {
            this.user = user;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }
    }

    /**
     * A named instance: its database and migrations; everything else comes from {@code confiture.*}.
     */
    public static class Instance {

        /**
         * Name of the DataSource bean to migrate. Unset: url, or else the application's DataSource.
         */
        private @Nullable String dataSource;

        /**
         * JDBC URL of the database to migrate.
         */
        private @Nullable String url;

        /**
         * Login user of the database to migrate.
         */
        private @Nullable String user;

        /**
         * Login password of the database to migrate.
         */
        private @Nullable String password;

        /**
         * Locations of this instance's migrations. Defaults to classpath:db/<name>.
         */
        private @Nullable List<String> locations;

        /**
         * Schema of this instance's tracking table. Defaults to confiture.schema.
         */
        private @Nullable String schema;

        /**
         * This instance's tracking table. Defaults to confiture.table.
         */
        private @Nullable String table;

        /**
         * Environment written into this instance's events. Defaults to confiture.environment.
         */
        private @Nullable String environment;

        /**
         * What this instance does at startup. Defaults to confiture.startup-mode.
         */
        private @Nullable StartupMode startupMode;

        public @Nullable String getDataSource() {
            return dataSource;
        }

        public void setDataSource(@Nullable String dataSource) {
            this.dataSource = dataSource;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getUser() {
            return user;
        }

        public void setUser(@Nullable String user) {
            this.user = user;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable List<String> getLocations() {
            return locations;
        }

        public void setLocations(@Nullable List<String> locations) {
            this.locations = locations;
        }

        public @Nullable String getSchema() {
            return schema;
        }

        public void setSchema(@Nullable String schema) {
            this.schema = schema;
        }

        public @Nullable String getTable() {
            return table;
        }

        public void setTable(@Nullable String table) {
            this.table = table;
        }

        public @Nullable String getEnvironment() {
            return environment;
        }

        public void setEnvironment(@Nullable String environment) {
            this.environment = environment;
        }

        public @Nullable StartupMode getStartupMode() {
            return startupMode;
        }

        public void setStartupMode(@Nullable StartupMode startupMode) {
            this.startupMode = startupMode;
        }
    }

    /**
     * Schema-per-tenant migration of the default database.
     */
    public static class Tenants {

        /**
         * Tenant schemas to migrate with the tenant migrations.
         */
        private List<String> schemas = new ArrayList<>();

        /**
         * SQL query returning one column of tenant schema names (instead of a list).
         */
        private @Nullable String query;

        /**
         * Locations of the migrations applied to every tenant schema.
         */
        private List<String> locations = new ArrayList<>(List.of("classpath:db/tenant"));

        /**
         * How many tenants are migrated at once.
         */
        private int parallelism = dev.confiture.tenant.TenantSettings.DEFAULT_PARALLELISM;

        /**
         * Whether the first failing tenant stops the tenants not started yet.
         */
        private boolean stopOnFailure;

        public List<String> getSchemas() {
            return schemas;
        }

        public void setSchemas(List<String> schemas) {
            this.schemas = schemas;
        }

        public @Nullable String getQuery() {
            return query;
        }

        public void setQuery(@Nullable String query) {
            this.query = query;
        }

        public List<String> getLocations() {
            return locations;
        }

        public void setLocations(List<String> locations) {
            this.locations = locations;
        }

        public int getParallelism() {
            return parallelism;
        }

        public void setParallelism(int parallelism) {
            this.parallelism = parallelism;
        }

        public boolean isStopOnFailure() {
            return stopOnFailure;
        }

        public void setStopOnFailure(boolean stopOnFailure) {
            this.stopOnFailure = stopOnFailure;
        }

        /**
         * @return whether tenants are configured
         */
        public boolean isConfigured() {
            return !schemas.isEmpty() || (query != null && !query.isBlank());
        }
    }

    /**
     * The safety gate of the zero-downtime analysis.
     */
    public static class Safety {

        /**
         * Which findings stop migrate before anything runs: error, warning or never. Unset: error in the approval
         * environments, never elsewhere.
         */
        private dev.confiture.config.@Nullable SafetyGate failOn;

        public dev.confiture.config.@Nullable SafetyGate getFailOn() {
            return failOn;
        }

        public void setFailOn(dev.confiture.config.@Nullable SafetyGate failOn) {
            this.failOn = failOn;
        }
    }

    /**
     * The live-instance heartbeat (README, "Zero-downtime deploys").
     */
    public static class Heartbeat {

        /**
         * Whether this instance records a heartbeat in the instance table (tb_confiture_instance), so that
         * phase=contract migrations of newer builds wait while it is live.
         */
        private boolean enabled = true;

        /**
         * How often the heartbeat is written; shorter than expire-after.
         */
        private Duration interval = Duration.ofSeconds(30);

        /**
         * How long after its last heartbeat an instance stops counting as live.
         */
        private Duration expireAfter = dev.confiture.config.InstanceSettings.DEFAULTS.expireAfter();

        /**
         * This instance's id, unique within the application. Defaults to the HOSTNAME variable (the pod name on
         * Kubernetes) or the host name, with the process id.
         */
        private @Nullable String instanceId;

        /**
         * The build's version. Defaults to the version in Spring Boot's build info (META-INF/build-info.properties).
         */
        private @Nullable String buildVersion;

        /**
         * The schema version this build was built against. Defaults to the newest migration version it ships.
         */
        private @Nullable String schemaVersion;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getExpireAfter() {
            return expireAfter;
        }

        public void setExpireAfter(Duration expireAfter) {
            this.expireAfter = expireAfter;
        }

        public @Nullable String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(@Nullable String instanceId) {
            this.instanceId = instanceId;
        }

        public @Nullable String getBuildVersion() {
            return buildVersion;
        }

        public void setBuildVersion(@Nullable String buildVersion) {
            this.buildVersion = buildVersion;
        }

        public @Nullable String getSchemaVersion() {
            return schemaVersion;
        }

        public void setSchemaVersion(@Nullable String schemaVersion) {
            this.schemaVersion = schemaVersion;
        }
    }
}
