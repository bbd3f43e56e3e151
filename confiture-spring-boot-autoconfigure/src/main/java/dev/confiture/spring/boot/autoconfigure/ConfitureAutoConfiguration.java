package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.ConfitureConfiguration;
import dev.confiture.execution.MigrationListener;
import dev.confiture.migration.Migration;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Auto-configures {@link Confiture} on the application's DataSource (or the one qualified
 * {@link ConfitureDataSource}, or one built from {@code confiture.url}) and runs migrations on
 * startup. Active when a DataSource or {@code confiture.url} exists and {@code confiture.enabled}
 * is not false; backs off when the application defines its own {@link Confiture} bean.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Confiture.class)
@Conditional(ConfitureAutoConfiguration.DataSourceAvailableCondition.class)
@ConditionalOnBooleanProperty(name = "confiture.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConfitureProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class ConfitureAutoConfiguration {

    @Bean
    ConfitureSchemaManagementProvider confitureSchemaManagementProvider(ObjectProvider<Confiture> confitures) {
        return new ConfitureSchemaManagementProvider(confitures);
    }

    @Bean
    @ConditionalOnMissingBean
    ConfitureStartup confitureStartup(ApplicationEventPublisher publisher) {
        return new ConfitureStartup(publisher);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Confiture.class)
    static class ConfitureBeanConfiguration {

        @Bean
        Confiture confiture(ConfitureProperties properties, ResourceLoader resourceLoader, Environment environment,
                ObjectProvider<DataSource> dataSource, @ConfitureDataSource ObjectProvider<DataSource> confitureDataSource,
                ObjectProvider<ConfitureConfigurationCustomizer> customizers, ObjectProvider<Migration> javaMigrations,
                ObjectProvider<MigrationListener> listeners,
                @ConfitureCentralLog ObjectProvider<DataSource> centralLogDataSource) {
            ConfitureConfiguration.Builder builder = ConfitureConfiguration.builder()
                    .dataSource(migrationDataSource(properties, confitureDataSource.getIfAvailable(),
                            dataSource.getIfUnique()))
                    .locations(properties.getLocations())
                    .failOnMissingLocations(properties.isFailOnMissingLocations())
                    .resources(new SpringMigrationResources(ResourcePatternUtils.getResourcePatternResolver(resourceLoader),
                            properties.getLocations(), properties.isFailOnMissingLocations()))
                    .classLoader(resourceLoader.getClassLoader())
                    .javaMigrations(javaMigrations.orderedStream().toList())
                    .listeners(listeners.orderedStream().toList())
                    .schema(properties.getSchema())
                    .table(properties.getTable())
                    .environment(properties.getEnvironment())
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
                    .onFailure(properties.getOnFailure())
                    .approvalEnvironments(properties.getApprovalEnvironments())
                    .centralEventLog(centralLogDataSource(properties.getCentralLog(), centralLogDataSource.getIfAvailable()));
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return new Confiture(builder.build());
        }

        @Bean
        @ConditionalOnMissingBean
        ConfitureMigrationInitializer confitureInitializer(Confiture confiture, ConfitureProperties properties,
                ObjectProvider<ConfitureMigrationStrategy> strategy, ConfitureStartup startup,
                ObjectProvider<ObservationRegistry> observations) {
            return new ConfitureMigrationInitializer(confiture, strategy.getIfAvailable(), properties.getStartupMode(),
                    startup, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        }

        private static @Nullable DataSource centralLogDataSource(ConfitureProperties.CentralLog centralLog,
                @Nullable DataSource qualified) {
            if (qualified != null) {
                return qualified;
            }
            if (centralLog.getUrl() == null) {
                return null;
            }
            return DataSourceBuilder.create().type(SimpleDriverDataSource.class).url(centralLog.getUrl())
                    .username(centralLog.getUser()).password(centralLog.getPassword()).build();
        }

        private static DataSource migrationDataSource(ConfitureProperties properties,
                @Nullable DataSource confitureDataSource, @Nullable DataSource dataSource) {
            if (confitureDataSource != null) {
                return confitureDataSource;
            }
            if (properties.getUrl() != null) {
                return DataSourceBuilder.create().type(SimpleDriverDataSource.class).url(properties.getUrl())
                        .username(properties.getUser()).password(properties.getPassword()).build();
            }
            if (properties.getUser() != null && dataSource != null) {
                return DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class)
                        .username(properties.getUser()).password(properties.getPassword()).build();
            }
            if (dataSource == null) {
                throw new IllegalStateException("Confiture found several DataSources and none is marked @ConfitureDataSource: "
                        + "mark the one to migrate with @ConfitureDataSource, make one @Primary, or set confiture.url");
            }
            return dataSource;
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

        @ConditionalOnProperty(prefix = "confiture", name = "url")
        private static final class ConfitureUrlCondition {

        }
    }
}
