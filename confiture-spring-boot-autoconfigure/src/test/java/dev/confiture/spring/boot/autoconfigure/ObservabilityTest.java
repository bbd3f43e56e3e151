package dev.confiture.spring.boot.autoconfigure;

import static dev.confiture.spring.boot.autoconfigure.ConfitureAutoConfigurationTest.datasource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.spring.boot.actuate.metrics.ConfitureStatusMetrics;
import dev.confiture.spring.boot.observation.ConfitureObservationDocumentation;
import dev.confiture.spring.boot.observation.ConfitureStartupContext;
import dev.confiture.spring.boot.observation.ConfitureStartupObservationConvention;
import dev.confiture.spring.boot.observation.DefaultConfitureStartupObservationConvention;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The startup observation (context, documented keys, replaceable convention) and what a metrics scrape costs the
 * database.
 */
@ExtendWith(PostgresExtension.class)
class ObservabilityTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ConfitureAutoConfiguration.class));

    @Test
    void theStartupObservationHasAContextAndTheDocumentedLowCardinalityKeys(TestDatabase database) {
        List<Observation.Context> observed = new CopyOnWriteArrayList<>();
        runner.withPropertyValues(datasource(database)).withBean(ObservationRegistry.class, () -> recording(observed))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(observed).singleElement().isInstanceOfSatisfying(ConfitureStartupContext.class, startup -> {
                        assertThat(startup.getName()).isEqualTo(DefaultConfitureStartupObservationConvention.NAME)
                                .isEqualTo("confiture.migrations.startup");
                        assertThat(startup.getContextualName()).isEqualTo("confiture migrate");
                        assertThat(startup.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
                                KeyValue.of("instance", "confiture"), KeyValue.of("mode", "migrate"));
                        assertThat(startup.getLowCardinalityKeyValues()).extracting(KeyValue::getKey)
                                .containsExactlyInAnyOrderElementsOf(List.of(ConfitureObservationDocumentation.STARTUP
                                        .getLowCardinalityKeyNames()).stream().map(key -> key.asString()).toList());
                    });
                });
    }

    @Test
    void aConventionBeanReplacesTheDefaultOne(TestDatabase database) {
        List<Observation.Context> observed = new CopyOnWriteArrayList<>();
        runner.withPropertyValues(datasource(database)).withBean(ObservationRegistry.class, () -> recording(observed))
                .withBean(ConfitureStartupObservationConvention.class, () -> new DefaultConfitureStartupObservationConvention() {

                    @Override
                    public String getName() {
                        return "schema.startup";
                    }
                }).run(context -> assertThat(observed).singleElement()
                        .satisfies(startup -> assertThat(startup.getName()).isEqualTo("schema.startup")));
    }

    @Test
    void aScrapeWhileTheRecordsAreUnchangedCostsOneCheapChangeCheck(TestDatabase database) throws Exception {
        AtomicInteger statements = new AtomicInteger();
        Confiture confiture = new Confiture(ConfitureConfiguration.builder()
                .dataSource(counting(database.dataSource(), statements)).locations("classpath:db/migration").build());
        confiture.migrate();
        MeterRegistry registry = new SimpleMeterRegistry();
        new ConfitureStatusMetrics(Map.of("confiture", confiture)).bindTo(registry);

        statements.set(0);
        assertThat(scrape(registry)).containsExactly(2.0, 0.0);
        int fullRead = statements.getAndSet(0);
        assertThat(scrape(registry)).containsExactly(2.0, 0.0);
        int unchanged = statements.getAndSet(0);
        assertThat(unchanged).as("statements of a scrape with nothing changed (a full read took %d)", fullRead)
                .isEqualTo(2).isLessThan(fullRead); // one per gauge

        ConfitureAutoConfigurationTest.execute(database, "DELETE FROM tb_confiture WHERE version = '002'");
        assertThat(scrape(registry)).as("another tool's change is seen at the next scrape").containsExactly(1.0, 1.0);
    }

    private static double[] scrape(MeterRegistry registry) {
        return new double[] { registry.get(ConfitureStatusMetrics.APPLIED).gauge().value(),
                registry.get(ConfitureStatusMetrics.PENDING).gauge().value() };
    }

    private static ObservationRegistry recording(List<Observation.Context> observed) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return registry;
    }

    /** Counts the statements created on its connections: one per query sent. */
    private static DataSource counting(DataSource dataSource, AtomicInteger statements) {
        return new DelegatingDataSource(dataSource) {

            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                        (proxy, method, arguments) -> {
                            Object result;
                            try {
                                result = method.invoke(connection, arguments);
                            }
                            catch (java.lang.reflect.InvocationTargetException ex) {
                                throw ex.getCause();
                            }
                            if (result instanceof Statement) {
                                statements.incrementAndGet();
                            }
                            return result;
                        });
            }
        };
    }
}
