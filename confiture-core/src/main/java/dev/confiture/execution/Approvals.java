package dev.confiture.execution;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.state.MigrationEntry;
import java.util.List;
import java.util.Objects;

/**
 * The approval gate: in an environment that requires approvals, a migration marked {@code approval=required} runs
 * only when its exact file was approved. Migrate and the dry run (which executes migrations, takes their locks and
 * rolls back) both pass through it.
 */
public final class Approvals {

    private Approvals() {
    }

    /**
     * @param configuration the configuration (environment, its aliases, approval environments)
     * @param toRun the migrations about to run
     * @param nothing what the refusal guarantees, e.g. {@code "Nothing was applied"}
     * @throws ConfitureException APPROVAL_REQUIRED naming every unapproved file
     */
    public static void refuseUnapproved(ConfitureConfiguration configuration, List<MigrationEntry> toRun, String nothing) {
        if (!configuration.requiresApprovals()) {
            return;
        }
        List<String> unapproved = toRun.stream()
                .filter(entry -> Objects.requireNonNull(entry.migration()).metadata().approvalRequired() && !entry.approved())
                .map(entry -> entry.slug() + " (checksum " + Objects.requireNonNull(entry.migration()).checksum() + ")")
                .toList();
        if (!unapproved.isEmpty()) {
            throw new ConfitureException(ErrorCode.APPROVAL_REQUIRED, "Environment '" + configuration.environment()
                    + "'" + (configuration.approvalGate().environmentAliases().isEmpty() ? ""
                            : " (selected as '" + String.join("', '", configuration.approvalGate().environmentAliases()) + "')")
                    + " requires an approval for migrations marked approval=required, and these files are not approved: "
                    + String.join(", ", unapproved), "Approve each one (" + Setting.APPROVE.token() + "); an approval "
                            + "covers one exact file, so approve again after any change. " + nothing);
        }
    }
}
