package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.confiture.Confiture;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.LiveInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Stopping the heartbeat when the database no longer answers: the pool would wait its connection timeout (HikariCP's
 * 30 s) for the connection that removes the row, longer than Kubernetes gives a pod to stop.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfitureHeartbeatTest {

    @Test
    void aDatabaseThatNoLongerAnswersDoesNotHoldTheStop(@TempDir Path migrations, CapturedOutput output) {
        TestDatabase database = SharedPostgres.createDatabase("heartbeat_stop");
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(database.jdbcUrl());
            pool.setUsername(database.user());
            pool.setPassword(database.password());
            Confiture confiture = new Confiture(ConfitureConfiguration.builder().dataSource(pool)
                    .locations("filesystem:" + migrations).build());
            ConfitureHeartbeat heartbeat = new ConfitureHeartbeat(List.of(confiture),
                    new LiveInstance.Identity("orders", "pod-a", "1.0", null, "host"), Duration.ofSeconds(30),
                    Duration.ofMillis(300));
            heartbeat.start();
            assertThat(output).contains("Registered instance orders/pod-a");

            // the database goes away under the pool: every new connection is refused, and the pool keeps trying (its
            // idle connections, terminated, are dropped as a pool finds them dead when they have idled a while)
            database.close();
            pool.getHikariPoolMXBean().softEvictConnections();
            heartbeat.stop();

            assertThat(heartbeat.isRunning()).isFalse();
            assertThat(output).contains("Removing the heartbeat of orders/pod-a did not finish within PT0.3S (the "
                    + "database does not answer): the application stops anyway, and the row expires on its own")
                    .doesNotContain("Removed instance orders/pod-a");
        }
    }
}
