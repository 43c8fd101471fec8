package dev.dynoguardian.latency;

/**
 * How the consecutive-checks simulation judges a sequence: the detector's raw per-check behaviour, ROBUST and
 * SLAYER (a check counts when the slow dyno, or a healthy one, is among its outliers), and what the guardian does
 * with ROBUST and {@code guardian.latency.confirm-checks} = 2 (a check counts when {@link ConfirmationStreaks} acts).
 */
enum SequenceVariant {

    ROBUST("ROBUST", Variant.ROBUST, 0, new int[] {1, 2, 3, 5, 6}),
    SLAYER("SLAYER", Variant.SLAYER, 0, new int[] {1, 2, 3, 5, 6}),
    ROBUST_CONFIRMED("ROBUST, confirm 2", Variant.ROBUST, 2, new int[] {2, 3, 5, 6});

    final String label;
    /** The per-check method. */
    final Variant detector;
    /** confirm-checks of the {@link ConfirmationStreaks}; 0 for the raw per-check outliers, without the rule. */
    final int confirmChecks;
    /** The "within k checks" columns of its table. */
    final int[] within;

    SequenceVariant(String label, Variant detector, int confirmChecks, int[] within) {
        this.label = label;
        this.detector = detector;
        this.confirmChecks = confirmChecks;
        this.within = within;
    }

    boolean confirmed() {
        return confirmChecks > 0;
    }

    /** The first check of a sequence at which it can act: 1 for the raw outliers, confirm-checks with the rule. */
    int firstActionable() {
        return Math.max(1, confirmChecks);
    }
}
