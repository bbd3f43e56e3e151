package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.spring.boot.actuate.health.ConfitureHealthIndicator;
import org.springframework.beans.factory.BeanFactory;

/**
 * The factory method of a named instance's health indicator; apart from {@link NamedInstanceBeans} so that the
 * instances work without Boot's health support on the class path.
 */
final class NamedInstanceHealth {

    private NamedInstanceHealth() {
    }

    static ConfitureHealthIndicator healthIndicator(String name, BeanFactory beanFactory) {
        String bean = NamedInstanceBeans.beanName(name);
        return new ConfitureHealthIndicator(beanFactory.getBean(bean, Confiture.class),
                beanFactory.getBean(bean + "Startup", ConfitureStartup.class));
    }
}
