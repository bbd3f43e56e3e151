package dev.confiture.spring.boot.autoconfigure;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What the startup migration is doing, for the health indicator and for readiness in
 * {@link StartupMode#ASYNC async mode}: while migrations run in the background, or after they
 * failed, readiness is set back to REFUSING_TRAFFIC right after the application reports itself
 * ready (see {@link ConfitureReadinessRunListener}); when they succeed, readiness returns to
 * ACCEPTING_TRAFFIC.
 */
public final class ConfitureStartup {

    /**
     * Where the startup migration is.
     */
    public enum Phase {

        /** Nothing ran yet (or the startup mode does not migrate). */
        IDLE,

        /** Migrations run in the background. */
        RUNNING,

        /** The background migration succeeded. */
        SUCCEEDED,

        /** The background migration failed. */
        FAILED
    }

    /**
     * A consistent view of the startup migration.
     *
     * @param phase where it is
     * @param startedAt when it started, if it did
     * @param finishedAt when it ended, if it did
     * @param failure why it failed, if it did
     */
    public record Snapshot(Phase phase, @Nullable Instant startedAt, @Nullable Instant finishedAt,
            @Nullable Throwable failure) {
    }

    private final ApplicationEventPublisher publisher;

    private Snapshot snapshot = new Snapshot(Phase.IDLE, null, null, null);

    private boolean applicationReady;

    /**
     * @param publisher where readiness changes are published
     */
    public ConfitureStartup(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * @return the current state
     */
    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    synchronized void started() {
        snapshot = new Snapshot(Phase.RUNNING, Instant.now(), null, null);
    }

    void succeeded() {
        boolean ready;
        synchronized (this) {
            snapshot = new Snapshot(Phase.SUCCEEDED, snapshot.startedAt(), Instant.now(), null);
            ready = applicationReady;
        }
        // Outside this lock (another instance may be finishing at the same time and look at this one): traffic is
        // accepted only once every instance of the application has migrated, whichever finishes last.
        if (ready && everyInstanceMigrated()) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    private boolean everyInstanceMigrated() {
        if (!(publisher instanceof ListableBeanFactory context)) {
            return true;
        }
        return context.getBeanProvider(ConfitureStartup.class).stream().map(ConfitureStartup::snapshot)
                .allMatch(other -> other.phase() == Phase.SUCCEEDED || other.phase() == Phase.IDLE);
    }

    synchronized void failed(Throwable failure) {
        snapshot = new Snapshot(Phase.FAILED, snapshot.startedAt(), Instant.now(), failure);
    }

    /**
     * The application reported itself ready (readiness ACCEPTING_TRAFFIC); holds readiness back while a
     * background migration has not succeeded.
     */
    void applicationReady() {
        Phase phase;
        synchronized (this) {
            applicationReady = true;
            phase = snapshot.phase();
        }
        if (phase == Phase.RUNNING || phase == Phase.FAILED) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
        else if (phase == Phase.SUCCEEDED && everyInstanceMigrated()) {
            // the instances are told one by one: another one may have refused traffic, then finished, while this
            // one finished before it was told; whichever is told last lets traffic in
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
