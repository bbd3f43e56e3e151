package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import dev.confiture.spring.boot.actuate.health.ConfitureTenantsHealthIndicator;
import dev.confiture.tenant.TenantMigrations;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code confiture} health contributor when Spring Boot's health support is on the classpath,
 * {@code management.health.confiture.enabled} (default: {@code management.health.defaults.enabled}) is not false and
 * a {@link Confiture} bean exists, and {@code confiture.tenants} when tenants are configured.
 */
@AutoConfiguration(after = ConfitureAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Confiture.class })
@ConditionalOnEnabledHealthIndicator("confiture")
public final class ConfitureHealthContributorAutoConfiguration {

    /**
     * Every Confiture bean: one indicator when there is one, else one composite {@code confiture} with a child per
     * bean ({@code default} for {@code confiture}, {@code <name>} for {@code confiture.<name>}, an application's own
     * beans by their names), as Boot's {@code db} has a child per DataSource.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Confiture.class)
    static class Instances {

        @Bean
        @ConditionalOnMissingBean(name = { "confitureHealthIndicator", "confitureHealthContributor" })
        HealthContributor confitureHealthContributor(Map<String, Confiture> confitures, ListableBeanFactory beanFactory,
                ApplicationEventPublisher publisher) {
            Map<String, HealthContributor> children = new TreeMap<>();
            confitures.forEach((name, confiture) -> {
                ConfitureStartup startup = startupOf(beanFactory, name);
                // an application's own bean named like an instance's child keeps its full bean name
                String child = children.containsKey(childName(name)) ? name : childName(name);
                children.put(child, new ConfitureHealthIndicator(confiture,
                        (startup != null) ? startup : new ConfitureStartup(publisher)));
            });
            return (children.size() == 1) ? children.values().iterator().next()
                    : CompositeHealthContributor.fromMap(children);
        }

        private static String childName(String beanName) {
            return beanName.equals("confiture") ? "default"
                    : beanName.startsWith("confiture.") ? beanName.substring("confiture.".length()) : beanName;
        }

        private static @Nullable ConfitureStartup startupOf(ListableBeanFactory beanFactory, String confitureBean) {
            String name = confitureBean + "Startup";
            return beanFactory.containsBean(name) ? beanFactory.getBean(name, ConfitureStartup.class) : null;
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
