package dev.confiture.config;

import java.util.List;

/**
 * Where {@code approval=required} migrations need an approval.
 * @param environments the environments that require approvals
 * @param environmentAliases other names of the selected environment (e.g. the name it was selected by), checked too,
 * so that naming an environment differently never bypasses the gate
 */
public record ApprovalGate(List<String> environments, List<String> environmentAliases) {

    /** Approvals in {@code production}; no aliases. */
    public static final ApprovalGate DEFAULTS = new ApprovalGate(List.of("production"), List.of());

    /**
     * Copies the lists.
     */
    public ApprovalGate {
        environments = List.copyOf(environments);
        environmentAliases = List.copyOf(environmentAliases);
    }

    /**
     * @param environment the configured environment
     * @return whether it or one of its aliases is one of the approval environments (ignoring case and surrounding
     * spaces)
     */
    public boolean appliesTo(String environment) {
        return environments.stream().anyMatch(required -> same(required, environment)
                || environmentAliases.stream().anyMatch(alias -> same(required, alias)));
    }

    private static boolean same(String first, String second) {
        return first.strip().equalsIgnoreCase(second.strip());
    }
}
