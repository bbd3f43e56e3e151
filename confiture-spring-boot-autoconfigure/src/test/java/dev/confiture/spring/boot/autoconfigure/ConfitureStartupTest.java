package dev.confiture.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Readiness with several async instances, in every order in which the instances can finish and be told that the
 * application is ready: traffic is let in exactly when every instance has migrated.
 */
class ConfitureStartupTest {

    @Test
    void theInstanceToldLastLetsTrafficInWhenEveryInstanceFinishedBeforeBeingTold() {
        try (Context context = new Context()) {
            context.first.started();
            context.second.started();
            context.first.applicationReady(); // refuses: the first is still running
            context.first.succeeded(); // the second still runs: nothing
            context.second.succeeded(); // not told yet: nothing
            context.second.applicationReady();
            assertThat(context.readiness).last().isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Test
    void aFailedInstanceKeepsTrafficOutWhateverTheOrder() {
        try (Context context = new Context()) {
            context.first.started();
            context.second.started();
            context.first.applicationReady();
            context.second.applicationReady();
            context.first.failed(new IllegalStateException("broken"));
            context.second.succeeded();
            assertThat(context.readiness).isNotEmpty().allMatch(state -> state == ReadinessState.REFUSING_TRAFFIC);
        }
    }

    private static final class Context implements AutoCloseable {

        final GenericApplicationContext application = new GenericApplicationContext();

        final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();

        final ConfitureStartup first;

        final ConfitureStartup second;

        Context() {
            application.registerBean("firstStartup", ConfitureStartup.class, () -> new ConfitureStartup(application));
            application.registerBean("secondStartup", ConfitureStartup.class, () -> new ConfitureStartup(application));
            application.addApplicationListener(event -> {
                if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
                    readiness.add(state);
                }
            });
            application.refresh();
            first = application.getBean("firstStartup", ConfitureStartup.class);
            second = application.getBean("secondStartup", ConfitureStartup.class);
        }

        @Override
        public void close() {
            application.close();
        }
    }
}
