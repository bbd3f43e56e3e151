package dev.confiture.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application of case P11, started in a fresh JVM per round: a DataSource from {@code spring.datasource.*}
 * (Hikari), every auto-configuration of this module's class path, no web server, and the migration
 * tool its arguments enable (Confiture's starter, Spring Boot's Flyway support, or neither). At
 * {@link ApplicationReadyEvent} it prints {@code ready_ms=} the JVM's uptime (what a user waits for, the JVM's own
 * start and the launcher included), {@code cpu_ms=} the CPU time the process spent until then (every thread) and
 * {@code spring_ready_ms=} Spring Boot's own figure, then closes and exits. With
 * {@code --benchmark.first-connection=true} the application itself takes one connection before it is ready, as one
 * that reads its database at start does (the floor of what a migration tool adds: the pool's start and the first
 * connection).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StarterStartApplication {

    /** What the application prints once it took its first connection (the benchmark checks the variant ran). */
    static final String FIRST_CONNECTION_TAKEN = "first connection taken";

    /**
     * @param dataSource the application's DataSource
     * @return a runner (before ready) that takes one connection and checks it
     */
    @Bean
    @ConditionalOnBooleanProperty("benchmark.first-connection")
    ApplicationRunner firstConnection(DataSource dataSource) {
        return arguments -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(10)) {
                    throw new IllegalStateException("the first connection is not valid");
                }
            }
            System.out.println(FIRST_CONNECTION_TAKEN);
        };
    }

    /**
     * @param args Spring Boot properties, e.g. {@code --spring.datasource.url=...}
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StarterStartApplication.class);
        // a service without HTTP: the web server would cost every variant the same and blur the tools' share
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addListeners((ApplicationListener<ApplicationReadyEvent>) event -> {
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            System.out.println("ready_ms=" + uptime);
            // CPU time is steadier than wall time on a shared machine: it says what each variant spent, not waited
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                System.out.println("cpu_ms=" + os.getProcessCpuTime() / 1_000_000);
            }
            java.time.Duration taken = event.getTimeTaken();
            if (taken != null) {
                System.out.println("spring_ready_ms=" + taken.toMillis());
            }
        });
        try (ConfigurableApplicationContext context = application.run(args)) {
            // ready: the whole process, which the benchmark also times, includes closing
        }
    }
}
