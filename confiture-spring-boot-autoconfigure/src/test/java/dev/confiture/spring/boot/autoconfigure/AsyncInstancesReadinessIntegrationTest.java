package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Two instances in async mode: the default one fails at once, a named one succeeds later. Readiness must stay
 * REFUSING_TRAFFIC: the instance that finishes last and well does not let traffic in while another failed. (The test
 * support hands the context a fresh database.)
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "confiture.startup-mode=async", "confiture.locations=classpath:db/broken",
        "confiture.instances.billing.locations=classpath:db/slow-billing", "confiture.instances.billing.table=tb_billing",
        "management.endpoints.web.exposure.include=health", "management.endpoint.health.probes.enabled=true" })
@DirtiesContext
class AsyncInstancesReadinessIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("confiture.billingStartup")
    ConfitureStartup billing;

    @Test
    void readinessStaysRefusingWhileAnyInstanceFailedEvenWhenAnotherSucceedsLast() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (billing.snapshot().phase() != ConfitureStartup.Phase.SUCCEEDED && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(billing.snapshot().phase()).isEqualTo(ConfitureStartup.Phase.SUCCEEDED);
        assertThat(new Http(port).get("/actuator/health/readiness").status()).isEqualTo(503);
    }
}
