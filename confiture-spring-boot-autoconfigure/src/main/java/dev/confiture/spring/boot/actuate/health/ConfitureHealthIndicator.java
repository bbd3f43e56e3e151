package dev.confiture.spring.boot.actuate.health;

import dev.confiture.Confiture;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.MigrationFailedException;
import dev.confiture.api.Problem;
import dev.confiture.spring.boot.autoconfigure.ConfitureStartup;
import dev.confiture.state.MigrationState;
import dev.confiture.status.MigrationStatus;
import dev.confiture.status.StatusReport;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the database schema, meant for the readiness group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,confiture}):
 * <ul>
 * <li>UP when every migration is applied;</li>
 * <li>OUT_OF_SERVICE while migrations are pending or a background migration runs;</li>
 * <li>DOWN when a migration failed, an applied file changed (checksum mismatch), a revert is owed
 * (rollback pending), an applied migration's file is missing, a file is invalid (any problem of severity error),
 * or the background migration failed.</li>
 * </ul>
 * Details give the current version, the pending count and the problems (codes, versions, messages;
 * never SQL text).
 */
public class ConfitureHealthIndicator extends AbstractHealthIndicator {

    private static final Set<MigrationState> BROKEN = EnumSet.of(MigrationState.FAILED, MigrationState.CHECKSUM_MISMATCH,
            MigrationState.ROLLBACK_PENDING);

    private final Confiture confiture;

    private final ConfitureStartup startup;

    /**
     * @param confiture the Confiture whose schema is checked
     * @param startup the startup migration's progress
     */
    public ConfitureHealthIndicator(Confiture confiture, ConfitureStartup startup) {
        super("Confiture health check failed");
        this.confiture = confiture;
        this.startup = startup;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ConfitureStartup.Snapshot progress = startup.snapshot();
        if (progress.phase() == ConfitureStartup.Phase.RUNNING) {
            builder.outOfService().withDetail("migrating", true).withDetail("started_at", String.valueOf(progress.startedAt()));
            return;
        }
        if (progress.phase() == ConfitureStartup.Phase.FAILED) {
            builder.down().withDetail("migrating", false)
                    .withDetail("error", describe(progress.failure()))
                    .withDetail("failed_at", String.valueOf(progress.finishedAt()));
            return;
        }
        StatusReport status = confiture.status();
        // Any error is broken (an invalid file, a missing file, ...): migrate refuses while it remains. Notes, such
        // as a future migration of a newer build, are not.
        boolean broken = status.migrations().stream().map(MigrationStatus::status).anyMatch(BROKEN::contains)
                || status.problems().stream().anyMatch(Problem::isError);
        if (broken) {
            builder.down();
        }
        else if (status.summary().pending() > 0) {
            builder.outOfService();
        }
        else {
            builder.up();
        }
        builder.withDetail("current", String.valueOf(status.current()))
                .withDetail("pending", status.summary().pending())
                .withDetail("held", status.summary().held())
                .withDetail("failed", status.summary().failed())
                .withDetail("tracking_table", status.trackingTable())
                .withDetail("problems", problems(status.problems()));
    }

    /**
     * The failure without SQL text: a failed migration's message quotes its statement, so the health
     * details carry the migration, the server's message, the SQLSTATE and the file position instead.
     */
    private static String describe(@Nullable Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        if (failure instanceof MigrationFailedException migration) {
            MigrationFailedException.Failure facts = migration.failure();
            return "[" + migration.code() + "] Migration " + facts.slug() + " failed"
                    + ((facts.statement() > 0) ? " at statement " + facts.statement() + " of " + facts.statementCount() : "")
                    + ": " + facts.serverMessage() + ((facts.sqlState() != null) ? " (SQLSTATE " + facts.sqlState() + ")" : "")
                    + ((facts.location() != null) ? " at " + facts.location() : "");
        }
        if (failure instanceof ConfitureException confiture) {
            return "[" + confiture.code() + "] " + confiture.problem();
        }
        return failure.getClass().getSimpleName();
    }

    private static List<Map<String, String>> problems(List<Problem> problems) {
        return problems.stream().map(problem -> {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("code", problem.code().name());
            detail.put("severity", problem.severity().value());
            detail.put("version", String.valueOf(problem.version()));
            detail.put("message", problem.message());
            return detail;
        }).toList();
    }
}
