package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import dev.confiture.tracking.EventOrigin;
import dev.confiture.tracking.InstanceHeartbeat;
import dev.confiture.tracking.LiveInstance;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Records this application instance as live in the instance table of every Confiture of the context (README,
 * "Zero-downtime deploys"): registered when the context starts, touched every
 * {@code confiture.heartbeat.interval}, removed when it stops. It starts before the web server and stops after the web
 * server's graceful shutdown, so a contract migration of a newer build waits until this instance served its last
 * request. A database that refuses the heartbeat is logged and tried again at the next interval; the application
 * keeps running. Stopping waits at most {@link #REMOVE_TIMEOUT} for the rows to be removed: a database that does not
 * answer would otherwise hold the shutdown for the pool's connection timeout (HikariCP's 30 s, Kubernetes' default
 * grace period); a row left behind expires on its own.
 */
final class ConfitureHeartbeat implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ConfitureHeartbeat.class);

    /** Below the web server's start/stop (DEFAULT_PHASE - 2048) and graceful shutdown (DEFAULT_PHASE - 1024). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** How long {@link #stop()} waits for the instance rows to be removed. */
    static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(5);

    private final List<Confiture> confitures;

    private final LiveInstance.Identity identity;

    private final Duration interval;

    private final Map<Confiture, InstanceHeartbeat> registered = new LinkedHashMap<>();

    private final Duration removeTimeout;

    private @Nullable ScheduledExecutorService scheduler;

    ConfitureHeartbeat(List<Confiture> confitures, LiveInstance.Identity identity, Duration interval) {
        this(confitures, identity, interval, REMOVE_TIMEOUT);
    }

    ConfitureHeartbeat(List<Confiture> confitures, LiveInstance.Identity identity, Duration interval,
            Duration removeTimeout) {
        this.confitures = List.copyOf(confitures);
        this.identity = identity;
        this.interval = interval;
        this.removeTimeout = removeTimeout;
    }

    /**
     * @param configured {@code confiture.heartbeat.instance-id}, or {@code null}
     * @return the configured id, else {@code $HOSTNAME} (the pod name on Kubernetes) or the host name, with the pid
     */
    static String instanceId(@Nullable String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return EventOrigin.localHost() + ":" + ProcessHandle.current().pid();
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "confiture-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        beat();
        executor.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    /** Registers each Confiture not registered yet and touches the others. */
    private synchronized void beat() {
        for (Confiture confiture : confitures) {
            InstanceHeartbeat heartbeat = registered.get(confiture);
            try {
                if (heartbeat == null) {
                    registered.put(confiture, confiture.registerInstance(identity));
                }
                else {
                    heartbeat.beat();
                }
            }
            catch (SQLException | RuntimeException ex) {
                logger.warn("The heartbeat of {} in {} failed (tried again in {}): {}", identity.slug(),
                        confiture.configuration().instanceTable().display(), interval, ex.getMessage());
            }
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = scheduler;
        if (executor != null) {
            executor.shutdownNow();
            scheduler = null;
        }
        List<InstanceHeartbeat> toRemove = new ArrayList<>(registered.values());
        registered.clear();
        if (toRemove.isEmpty()) {
            return;
        }
        Thread remover = new Thread(() -> remove(toRemove), "confiture-heartbeat-remove");
        remover.setDaemon(true);
        remover.start();
        try {
            remover.join(removeTimeout.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (remover.isAlive()) {
            logger.warn("Removing the heartbeat of {} did not finish within {} (the database does not answer): the "
                    + "application stops anyway, and the row expires on its own", identity.slug(), removeTimeout);
        }
    }

    private void remove(List<InstanceHeartbeat> heartbeats) {
        for (InstanceHeartbeat heartbeat : heartbeats) {
            try {
                heartbeat.close();
            }
            catch (SQLException | RuntimeException ex) {
                logger.warn("Could not remove the heartbeat of {} (it expires on its own): {}", identity.slug(),
                        ex.getMessage());
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
