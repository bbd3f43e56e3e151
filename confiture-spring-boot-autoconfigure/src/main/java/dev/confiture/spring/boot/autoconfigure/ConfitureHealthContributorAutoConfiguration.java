package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code confiture} health indicator when Spring Boot's health support is on
 * the classpath, {@code management.health.confiture.enabled} is not false and one {@link Confiture}
 * bean exists.
 */
@AutoConfiguration(after = ConfitureAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, Confiture.class })
@ConditionalOnSingleCandidate(Confiture.class)
@ConditionalOnEnabledHealthIndicator("confiture")
public final class ConfitureHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "confitureHealthIndicator")
    ConfitureHealthIndicator confitureHealthIndicator(Confiture confiture, ObjectProvider<ConfitureStartup> startup,
            ApplicationEventPublisher publisher) {
        return new ConfitureHealthIndicator(confiture, startup.getIfAvailable(() -> new ConfitureStartup(publisher)));
    }
}
