package dev.confiture.execution;

import dev.confiture.migration.ResolvedMigration;
import java.util.List;

/**
 * Plans (reads, splits and classifies) the migrations a run is about to apply on a thread of its own, while the run
 * takes the lock, creates the tracking tables and reads the state under the lock: round trips during which the run's
 * thread only waits. Planning a thousand files takes a cold JVM 35-50 ms (benchmark P9). The planner caches each
 * plan, so the run finds a plan ready, waits for one in progress, or makes one itself; a file this thread fails to
 * plan is planned again by the run, which reports the failure where it always did. It never connects: at the first
 * file whose plan needs the database (the user placeholder) it stops, and the run plans the rest. Closing stops it
 * after the file at hand.
 */
final class PlansAhead implements AutoCloseable {

    private volatile boolean stopped;

    private PlansAhead() {
    }

    /**
     * @param planner the run's planner
     * @param migrations what the run will most likely apply, in order
     * @return the planning under way
     */
    static PlansAhead start(ScriptPlanner planner, List<ResolvedMigration> migrations) {
        PlansAhead ahead = new PlansAhead();
        if (migrations.size() < 2) {
            return ahead;
        }
        Thread thread = new Thread(() -> {
            for (ResolvedMigration migration : migrations) {
                if (ahead.stopped) {
                    return;
                }
                try {
                    if (!planner.planAhead(migration)) {
                        return;
                    }
                }
                catch (RuntimeException ex) {
                    // the run plans it again and reports the failure in its place
                    return;
                }
            }
        }, "confiture-plan-ahead");
        thread.setDaemon(true);
        try {
            thread.start();
        }
        catch (OutOfMemoryError ex) {
            // no thread to spare: the run plans everything itself
        }
        return ahead;
    }

    @Override
    public void close() {
        stopped = true;
    }
}
