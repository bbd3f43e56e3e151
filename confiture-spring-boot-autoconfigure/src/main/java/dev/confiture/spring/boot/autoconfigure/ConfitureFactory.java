package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.Callback;
import dev.confiture.api.MigrationListener;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.Migration;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Builds the configuration of a Confiture bean from the {@code confiture.*} properties: the default
 * instance and every named instance ({@code confiture.instances.<name>.*}, which override the
 * database, locations, schema, table and environment) share everything else.
 */
final class ConfitureFactory {

    private ConfitureFactory() {
    }

    /**
     * What differs between instances.
     *
     * @param name the bean name, also the instance name in metrics
     * @param dataSource the database
     * @param locations where the migrations are
     * @param schema the tracking table's schema
     * @param table the tracking table
     * @param environment the environment written into events
     */
    record Instance(String name, DataSource dataSource, List<String> locations, String schema, String table,
            String environment) {
    }

    /**
     * The application's beans every instance uses.
     * @param javaMigrations the {@link Migration} beans, in order
     * @param listeners the {@link MigrationListener} beans, in order
     * @param callbacks the {@link Callback} beans, in order
     */
    record Beans(List<Migration> javaMigrations, List<MigrationListener> listeners, List<Callback> callbacks) {

        static Beans of(ObjectProvider<Migration> javaMigrations, ObjectProvider<MigrationListener> listeners,
                ObjectProvider<Callback> callbacks) {
            return new Beans(javaMigrations.orderedStream().toList(), listeners.orderedStream().toList(),
                    callbacks.orderedStream().toList());
        }
    }

    static ConfitureConfiguration.Builder builder(ConfitureProperties properties, Instance instance,
            ResourceLoader resourceLoader, Environment environment, Beans beans, @Nullable DataSource centralLog) {
        return ConfitureConfiguration.builder()
                .name(instance.name())
                // first: a setting refused below is named as the property the user set
                .wording(new ConfiturePropertyWording(instance.name().equals(ConfitureConfiguration.DEFAULT_NAME) ? "confiture"
                        : "confiture.instances." + instance.name().substring("confiture.".length())))
                .dataSource(instance.dataSource())
                .locations(instance.locations())
                .failOnMissingLocations(properties.isFailOnMissingLocations())
                .resources(new SpringMigrationResources(ResourcePatternUtils.getResourcePatternResolver(resourceLoader),
                        instance.locations(), properties.isFailOnMissingLocations()))
                .classLoader((resourceLoader.getClassLoader() != null) ? resourceLoader.getClassLoader()
                        : ConfitureFactory.class.getClassLoader())
                .javaMigrations(beans.javaMigrations())
                .listeners(beans.listeners())
                .callbacks(beans.callbacks())
                .schema(instance.schema())
                .table(instance.table())
                .environment(instance.environment())
                .applicationName((properties.getApplicationName() != null) ? properties.getApplicationName()
                        : environment.getProperty("spring.application.name"))
                .appliedBy(properties.getAppliedBy())
                .target(properties.getTarget())
                .outOfOrder(properties.isOutOfOrder())
                .validateOnMigrate(properties.isValidateOnMigrate())
                .baselineOnMigrate(properties.isBaselineOnMigrate())
                .baselineVersion(properties.getBaselineVersion())
                .lockWait(properties.getLockWait())
                .lockTimeout(properties.getLockTimeout())
                .lockTimeoutRetries(properties.getLockTimeoutRetries())
                .statementTimeout(properties.getStatementTimeout())
                .cleanEnabled(properties.isCleanEnabled())
                .safetyFailOn(properties.getSafety().getFailOn())
                .instanceExpireAfter(properties.getHeartbeat().getExpireAfter())
                .holdContract(properties.isHoldContract())
                .placeholders(properties.getPlaceholders())
                .placeholderReplacement(properties.isPlaceholderReplacement())
                .placeholdersInDollarQuotes(properties.isPlaceholdersInDollarQuotes())
                .onFailure(properties.getOnFailure())
                .approvalEnvironments(properties.getApprovalEnvironments())
                .centralEventLog(centralLog);
    }

    static DataSource urlDataSource(String url, @Nullable String user, @Nullable String password) {
        return DataSourceBuilder.create().type(SimpleDriverDataSource.class).url(url).username(user).password(password)
                .build();
    }

    static @Nullable DataSource centralLogDataSource(ConfitureProperties.CentralLog centralLog,
            @Nullable DataSource qualified) {
        if (qualified != null) {
            return qualified;
        }
        return (centralLog.getUrl() != null)
                ? urlDataSource(centralLog.getUrl(), centralLog.getUser(), centralLog.getPassword()) : null;
    }
}
