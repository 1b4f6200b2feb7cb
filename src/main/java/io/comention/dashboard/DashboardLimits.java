package io.comention.dashboard;

/**
 * The caps that keep the dashboard's memory and page bounded whatever the topics hold: what the server
 * remembers ({@code max*}, {@code historyPoints}) and what one page shows ({@code page*}).
 */
public record DashboardLimits(
        int maxAlerts,
        int maxCombinations,
        int maxNodes,
        int maxEdges,
        int historyPoints,
        int pageAlerts,
        int pageCombinations,
        int pageNodes,
        int pageEdges) {

    /** Caps for a wall screen: a feed of 40, ten combinations per horizon, a network of 30 entities. */
    public static DashboardLimits defaults() {
        return new DashboardLimits(1000, 2000, 500, 3000, 12, 40, 10, 30, 60);
    }

    public DashboardLimits {
        if (maxAlerts < 1
                || maxCombinations < 1
                || maxNodes < 2
                || maxEdges < 1
                || historyPoints < 2
                || pageAlerts < 1
                || pageCombinations < 1
                || pageNodes < 2
                || pageEdges < 1) {
            throw new IllegalArgumentException("dashboard limits must be positive (nodes and history at least 2)");
        }
    }
}
