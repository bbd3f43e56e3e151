package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import dev.confiture.spring.boot.actuate.health.ConfitureTenantsHealthIndicator;
import dev.confiture.tenant.TenantMigrations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code confiture} health indicator when Spring Boot's health support is on
 * the classpath, {@code management.health.confiture.enabled} is not false and one {@link Confiture}
 * bean exists.
 */
@AutoConfiguration(after = ConfitureAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Confiture.class })
@ConditionalOnEnabledHealthIndicator("confiture")
public final class ConfitureHealthContributorAutoConfiguration {

    /**
     * The default instance: the bean named {@code confiture} (named instances register their own
     * indicators, see {@link ConfitureInstancesRegistrar}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = "confiture")
    static class DefaultInstance {

        @Bean
        @ConditionalOnMissingBean(name = "confitureHealthIndicator")
        ConfitureHealthIndicator confitureHealthIndicator(@Qualifier("confiture") Confiture confiture,
                @Qualifier("confitureStartup") ObjectProvider<ConfitureStartup> startup, ApplicationEventPublisher publisher) {
            return new ConfitureHealthIndicator(confiture, startup.getIfAvailable(() -> new ConfitureStartup(publisher)));
        }
    }

    /**
     * An application's own, single Confiture bean with another name.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(name = "confiture")
    @ConditionalOnSingleCandidate(Confiture.class)
    static class SingleInstance {

        @Bean
        @ConditionalOnMissingBean(name = "confitureHealthIndicator")
        ConfitureHealthIndicator confitureHealthIndicator(Confiture confiture, ApplicationEventPublisher publisher) {
            return new ConfitureHealthIndicator(confiture, new ConfitureStartup(publisher));
        }
    }

    /**
     * The tenants, contributed as {@code confiture.tenants}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(TenantMigrations.class)
    static class Tenants {

        @Bean(name = "confiture.tenantsHealthIndicator")
        @ConditionalOnMissingBean(name = "confiture.tenantsHealthIndicator")
        ConfitureTenantsHealthIndicator confitureTenantsHealthIndicator(TenantMigrations tenants) {
            return new ConfitureTenantsHealthIndicator(tenants);
        }
    }
}
