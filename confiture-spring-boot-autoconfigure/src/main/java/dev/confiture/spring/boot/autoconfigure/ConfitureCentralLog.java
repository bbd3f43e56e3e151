package dev.confiture.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link javax.sql.DataSource} of the central migration log: every migration event is
 * written there too, so one database holds the history of every environment. Takes precedence over
 * {@code confiture.central-log.url}. Mark the bean {@code @Bean(defaultCandidate = false)} so it is
 * not mistaken for the application's DataSource.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ConfitureCentralLog {

}
