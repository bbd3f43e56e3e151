package dev.confiture.tenant;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.execution.MigrateResult;
import dev.confiture.jdbc.Elapsed;
import dev.confiture.state.MigrationState;
import dev.confiture.status.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation on many targets (tenant schemas, databases) in parallel, at most {@code parallelism} at once,
 * a result per target in the order given; with {@code stopOnFailure}, the targets not started after a failure are
 * skipped. Each target is a Confiture of its own: its own lock, tracking table and events.
 */
final class Targets {

    private static final Logger logger = LoggerFactory.getLogger(Targets.class);

    private static final long STOP_WAIT_SECONDS = 30;

    private Targets() {
    }

    static TenantRunResult run(String what, String operation, List<String> targets, int parallelism,
            boolean stopOnFailure, Function<String, TenantResult> perTarget) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, targets.size())),
                runnable -> {
                    Thread worker = new Thread(runnable, "confiture-" + what + "-" + thread.incrementAndGet());
                    worker.setDaemon(true);
                    return worker;
                });
        try {
            List<Future<TenantResult>> futures = new ArrayList<>();
            for (String target : targets) {
                futures.add(pool.submit(() -> {
                    if (stop.get()) {
                        return new TenantResult(target, TenantOutcome.SKIPPED, 0, 0, null, null,
                                "not attempted: an earlier " + what + " failed and stop-on-failure is set", 0);
                    }
                    TenantResult result = perTarget.apply(target);
                    if (result.failed() && stopOnFailure) {
                        stop.set(true);
                    }
                    return result;
                }));
            }
            List<TenantResult> results = new ArrayList<>();
            for (Future<TenantResult> future : futures) {
                results.add(future.get());
            }
            TenantRunResult result = new TenantRunResult(List.copyOf(results), TenantSummary.of(results));
            logger.info("{} {} of {} {}(s): {}", what, operation, targets.size(), what, result.summary());
            return result;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + what + " " + operation, ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("A " + what + " " + operation + " failed unexpectedly", ex.getCause());
        }
        finally {
            pool.shutdownNow();
            awaitWorkers(pool, what);
        }
    }

    /**
     * Waits for the workers to stop: after an interruption they stop before their next statement, and whoever
     * interrupted (an application closing) must not go on while a target's migration still runs.
     */
    private static void awaitWorkers(ExecutorService pool, String what) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                logger.warn("{} migrations still running a statement after {} s", what, STOP_WAIT_SECONDS);
            }
        }
        catch (InterruptedException ex) {
            interrupted = true;
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static TenantResult migrate(String target, Supplier<Confiture> confiture) {
        long start = System.nanoTime();
        try {
            MigrateResult result = confiture.get().migrate();
            TenantOutcome outcome = result.applied().isEmpty() ? TenantOutcome.UP_TO_DATE : TenantOutcome.MIGRATED;
            return new TenantResult(target, outcome, result.appliedCount(), 0, result.currentVersion(), null, null,
                    Elapsed.millisSince(start));
        }
        catch (ConfitureException ex) {
            logger.warn("{} failed: {}", target, ex.getMessage());
            return new TenantResult(target, TenantOutcome.FAILED, 0, 0, null, ex.code(), ex.getMessage(),
                    Elapsed.millisSince(start));
        }
        catch (RuntimeException ex) {
            logger.warn("{} failed", target, ex);
            return new TenantResult(target, TenantOutcome.FAILED, 0, 0, null, null, ex.toString(), Elapsed.millisSince(start));
        }
    }

    static TenantResult status(String target, Supplier<Confiture> confiture) {
        long start = System.nanoTime();
        try {
            StatusReport status = confiture.get().status();
            boolean broken = status.problems().stream().anyMatch(problem -> problem.isError())
                    || status.migrations().stream().anyMatch(migration -> migration.status() == MigrationState.FAILED);
            TenantOutcome outcome = broken ? TenantOutcome.FAILED
                    : (status.summary().pending() > 0) ? TenantOutcome.PENDING : TenantOutcome.UP_TO_DATE;
            String error = broken ? status.problems().stream().filter(problem -> problem.isError()).findFirst()
                    .map(problem -> "[" + problem.code() + "] " + problem.message()).orElse("a migration failed") : null;
            return new TenantResult(target, outcome, 0, status.summary().pending(), status.current(), null, error,
                    Elapsed.millisSince(start));
        }
        catch (ConfitureException ex) {
            return new TenantResult(target, TenantOutcome.FAILED, 0, 0, null, ex.code(), ex.getMessage(),
                    Elapsed.millisSince(start));
        }
        catch (RuntimeException ex) {
            return new TenantResult(target, TenantOutcome.FAILED, 0, 0, null, null, ex.toString(), Elapsed.millisSince(start));
        }
    }
}
