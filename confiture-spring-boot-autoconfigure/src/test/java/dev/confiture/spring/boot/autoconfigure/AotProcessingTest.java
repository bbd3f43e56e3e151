package dev.confiture.spring.boot.autoconfigure;

import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.datasource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.spring.boot.actuate.endpoint.StatusReportSerializer;
import dev.confiture.status.MigrationStatus;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

/**
 * Spring AOT processes an application with named instances and tenants (the instances' beans are definitions AOT can
 * write as code), and the hints cover every configured location's files and what Jackson reflects on. The sample
 * starts from its AOT-processed form in {@code ExecutableJarIT}.
 */
@ExtendWith(PostgresExtension.class)
class AotProcessingTest {

    @Test
    void anApplicationWithNamedInstancesIsProcessedAheadOfTimeWithHintsForEveryLocation(TestDatabase database) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class,
                        EndpointAutoConfiguration.class, ConfitureEndpointAutoConfiguration.class))
                .withPropertyValues(datasource(database))
                .withPropertyValues("confiture.instances.billing.table=tb_billing",
                        "confiture.instances.audit.locations=classpath:/audit/migrations/",
                        "confiture.tenants.schemas=acme", "confiture.tenants.locations=classpath*:db/tenants",
                        "management.endpoints.web.exposure.include=confiture")
                .prepare(context -> {
                    GenericApplicationContext application = (GenericApplicationContext) context.getSourceApplicationContext();
                    DefaultGenerationContext generation = new DefaultGenerationContext(
                            new ClassNameGenerator(ClassName.get("dev.confiture.aot", "Application")),
                            new InMemoryGeneratedFiles());
                    new ApplicationContextAotGenerator().processAheadOfTime(application, generation);
                    RuntimeHints hints = generation.getRuntimeHints();
                    assertThat(hints).matches(RuntimeHintsPredicates.resource().forResource("db/migration/001_a.up.sql"))
                            .matches(RuntimeHintsPredicates.resource().forResource("db/billing/001_b.up.sql"))
                            .matches(RuntimeHintsPredicates.resource().forResource("audit/migrations/001_c.up.sql"))
                            .matches(RuntimeHintsPredicates.resource().forResource("db/tenants/001_d.up.sql"))
                            .matches(RuntimeHintsPredicates.reflection().onType(MigrationStatus.class))
                            .matches(RuntimeHintsPredicates.reflection()
                                    .onType(dev.confiture.status.RepeatableStatus.class))
                            .matches(RuntimeHintsPredicates.reflection().onType(StatusReportSerializer.class)
                                    .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
                });
    }
}
