package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.api.Callback;
import dev.confiture.api.MigrationListener;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.migration.Migration;
import dev.confiture.spring.boot.observation.ConfitureStartupObservationConvention;
import dev.confiture.tenant.TenantMigrations;
import dev.confiture.tenant.TenantSettings;
import dev.confiture.tracking.LiveInstance;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Auto-configures {@link Confiture} on the application's DataSource (or the one qualified
 * {@link ConfitureDataSource}, or one built from {@link ConfitureConnectionDetails}: {@code confiture.url} or a
 * service connection) and runs migrations on
 * startup. Active when a DataSource or {@code confiture.url} exists and {@code confiture.enabled}
 * is not false; backs off when the application defines its own {@link Confiture} bean.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Confiture.class)
@Conditional(ConfitureAutoConfiguration.DataSourceAvailableCondition.class)
@ConditionalOnBooleanProperty(name = "confiture.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConfitureProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, ConfitureInstancesRegistrar.class })
@ImportRuntimeHints(ConfitureRuntimeHints.class)
public final class ConfitureAutoConfiguration {

    @Bean
    ConfitureSchemaManagementProvider confitureSchemaManagementProvider(ObjectProvider<Confiture> confitures) {
        return new ConfitureSchemaManagementProvider(confitures);
    }

    @Bean
    @ConditionalOnMissingBean(name = "confitureHeartbeat")
    @ConditionalOnBooleanProperty(name = "confiture.heartbeat.enabled", matchIfMissing = true)
    ConfitureHeartbeat confitureHeartbeat(ObjectProvider<Confiture> confitures, ConfitureProperties properties,
            Environment environment, ObjectProvider<BuildProperties> buildProperties) {
        ConfitureProperties.Heartbeat heartbeat = properties.getHeartbeat();
        if (heartbeat.getInterval().isNegative() || heartbeat.getInterval().isZero()
                || heartbeat.getInterval().compareTo(heartbeat.getExpireAfter()) >= 0) {
            throw new dev.confiture.api.ConfitureException(dev.confiture.api.ErrorCode.INVALID_CONFIGURATION,
                    "confiture.heartbeat.interval (" + heartbeat.getInterval() + ") must be positive and shorter than "
                            + "confiture.heartbeat.expire-after (" + heartbeat.getExpireAfter() + ")",
                    "Beat several times per expiry, e.g. interval=30s with expire-after=2m");
        }
        BuildProperties build = buildProperties.getIfAvailable();
        String buildVersion = (heartbeat.getBuildVersion() != null) ? heartbeat.getBuildVersion()
                : (build != null) ? build.getVersion() : null;
        String application = environment.getProperty("spring.application.name", "application");
        return new ConfitureHeartbeat(confitures.orderedStream().toList(), new LiveInstance.Identity(application,
                ConfitureHeartbeat.instanceId(heartbeat.getInstanceId()), buildVersion, heartbeat.getSchemaVersion(),
                dev.confiture.tracking.EventOrigin.localHost()), heartbeat.getInterval());
    }

    @Bean
    @ConditionalOnMissingBean(name = "confitureStartup")
    ConfitureStartup confitureStartup(ApplicationEventPublisher publisher) {
        return new ConfitureStartup(publisher);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Confiture.class)
    static class ConfitureBeanConfiguration {

        @Bean
        @ConditionalOnMissingBean(ConfitureConnectionDetails.class)
        PropertiesConfitureConnectionDetails confitureConnectionDetails(ConfitureProperties properties) {
            return new PropertiesConfitureConnectionDetails(properties);
        }

        @Bean
        Confiture confiture(ConfitureProperties properties, ConfitureConnectionDetails connectionDetails, ResourceLoader resourceLoader, Environment environment,
                ObjectProvider<DataSource> dataSource, @ConfitureDataSource ObjectProvider<DataSource> confitureDataSource,
                ObjectProvider<ConfitureConfigurationCustomizer> customizers, ObjectProvider<Migration> javaMigrations,
                ObjectProvider<MigrationListener> listeners, ObjectProvider<Callback> callbacks,
                @ConfitureCentralLog ObjectProvider<DataSource> centralLogDataSource) {
            ConfitureFactory.Instance instance = new ConfitureFactory.Instance(ConfitureConfiguration.DEFAULT_NAME,
                    migrationDataSource(connectionDetails, confitureDataSource.getIfAvailable(), dataSource.getIfUnique()),
                    properties.getLocations(), properties.getSchema(), properties.getTable(), properties.getEnvironment());
            ConfitureConfiguration.Builder builder = ConfitureFactory.builder(properties, instance, resourceLoader,
                    environment, ConfitureFactory.Beans.of(javaMigrations, listeners, callbacks),
                    ConfitureFactory.centralLogDataSource(properties.getCentralLog(), centralLogDataSource.getIfAvailable()));
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return new Confiture(builder.build());
        }

        @Bean
        @ConditionalOnMissingBean
        ConfitureMigrationInitializer confitureInitializer(@Qualifier("confiture") Confiture confiture, ConfitureProperties properties,
                ObjectProvider<ConfitureMigrationStrategy> strategy, @Qualifier("confitureStartup") ConfitureStartup startup,
                ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<ConfitureStartupObservationConvention> convention, Environment environment) {
            AsyncStartupGuard.check(properties.getStartupMode(), "confiture.startup-mode", environment);
            return new ConfitureMigrationInitializer(confiture, strategy.getIfAvailable(), properties.getStartupMode(),
                    startup, observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfUnique());
        }

        private static DataSource migrationDataSource(ConfitureConnectionDetails connectionDetails,
                @Nullable DataSource confitureDataSource, @Nullable DataSource dataSource) {
            if (confitureDataSource != null) {
                return confitureDataSource;
            }
            String url = connectionDetails.getJdbcUrl();
            if (url != null) {
                return connectTo(DataSourceBuilder.create().url(url), connectionDetails);
            }
            if (connectionDetails.getUsername() != null && dataSource != null) {
                return connectTo(DataSourceBuilder.derivedFrom(dataSource), connectionDetails);
            }
            if (dataSource == null) {
                throw new IllegalStateException("Confiture found several DataSources and none is marked @ConfitureDataSource: "
                        + "mark the one to migrate with @ConfitureDataSource, make one @Primary, or set confiture.url");
            }
            return dataSource;
        }

        private static DataSource connectTo(DataSourceBuilder<?> builder, ConfitureConnectionDetails connectionDetails) {
            builder.type(SimpleDriverDataSource.class).username(connectionDetails.getUsername())
                    .password(connectionDetails.getPassword());
            String driverClassName = connectionDetails.getDriverClassName();
            if (driverClassName != null && !driverClassName.isEmpty()) {
                builder.driverClassName(driverClassName);
            }
            return builder.build();
        }
    }

    /**
     * Schema-per-tenant migration of the default instance's database, when {@code confiture.tenants.schemas}
     * or {@code confiture.tenants.query} is set.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(TenantsConfiguredCondition.class)
    static class TenantsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TenantMigrations confitureTenants(ListableBeanFactory beanFactory, ConfitureProperties properties,
                ResourceLoader resourceLoader) {
            Confiture confiture = beanFactory.containsBean("confiture") ? beanFactory.getBean("confiture", Confiture.class)
                    : beanFactory.getBean(Confiture.class);
            ConfitureProperties.Tenants tenants = properties.getTenants();
            ConfitureConfiguration base = confiture.configuration().toBuilder().name("confiture.tenants")
                    .locations(tenants.getLocations())
                    .resources(new SpringMigrationResources(ResourcePatternUtils.getResourcePatternResolver(resourceLoader),
                            tenants.getLocations(), properties.isFailOnMissingLocations()))
                    .build();
            return new TenantMigrations(base, new TenantSettings(tenants.getSchemas(), tenants.getQuery(),
                    tenants.getParallelism(), tenants.isStopOnFailure()));
        }

        @Bean
        @ConditionalOnMissingBean
        ConfitureTenantsInitializer confitureTenantsInitializer(TenantMigrations tenants, ConfitureProperties properties,
                ObjectProvider<ConfitureMigrationInitializer> defaultInitializer) {
            // Resolved first so the default instance's migrations run before the tenants'.
            defaultInitializer.orderedStream().count();
            return new ConfitureTenantsInitializer(tenants, properties.getStartupMode());
        }
    }

    /**
     * {@code confiture.tenants.schemas} or {@code confiture.tenants.query} is set.
     */
    static final class TenantsConfiguredCondition extends AnyNestedCondition {

        TenantsConfiguredCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "confiture.tenants", name = "schemas")
        private static final class SchemasCondition {

        }

        @ConditionalOnProperty(prefix = "confiture.tenants", name = "query")
        private static final class QueryCondition {

        }
    }

    /**
     * A DataSource bean exists, or {@code confiture.url} names a database.
     */
    static final class DataSourceAvailableCondition extends AnyNestedCondition {

        DataSourceAvailableCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        private static final class DataSourceBeanCondition {

        }

        @ConditionalOnBean(JdbcConnectionDetails.class)
        private static final class JdbcConnectionDetailsCondition {

        }

        @ConditionalOnProperty(prefix = "confiture", name = "url")
        private static final class ConfitureUrlCondition {

        }
    }
}
