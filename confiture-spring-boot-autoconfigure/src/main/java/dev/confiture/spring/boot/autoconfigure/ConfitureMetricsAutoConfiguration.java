package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.metrics.ConfitureMigrationMetrics;
import dev.confiture.spring.boot.actuate.metrics.ConfitureStatusMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures Confiture's Micrometer metrics when a {@link MeterRegistry} exists: gauges of
 * pending and applied migrations per Confiture bean, a timer per migration and a failure counter.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        ConfitureAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class, Confiture.class })
@ConditionalOnBean(MeterRegistry.class)
public final class ConfitureMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConfitureMigrationMetrics confitureMigrationMetrics(ObjectProvider<MeterRegistry> registry) {
        return new ConfitureMigrationMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(Confiture.class)
    @ConditionalOnMissingBean
    ConfitureStatusMetrics confitureStatusMetrics(Map<String, Confiture> confitures) {
        return new ConfitureStatusMetrics(confitures);
    }
}
