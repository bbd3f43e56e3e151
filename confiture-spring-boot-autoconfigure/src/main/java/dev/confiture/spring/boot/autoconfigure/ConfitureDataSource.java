package dev.confiture.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link javax.sql.DataSource} Confiture migrates, when it is not the application's
 * primary one (e.g. a DataSource with a DDL-capable user). Mark a second DataSource bean with it;
 * if it is the only DataSource, also mark it {@code @Bean(defaultCandidate = false)} so the
 * application's own DataSource is still auto-configured.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ConfitureDataSource {

}
