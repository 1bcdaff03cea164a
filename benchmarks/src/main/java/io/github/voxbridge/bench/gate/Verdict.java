package io.github.voxbridge.bench.gate;

/** The judgment of one check of the gate. */
public enum Verdict {
    /** Within tolerance. */
    PASS(false),
    /** The ratio rose by more than the tolerance: not a failure, but the baseline may be refreshed. */
    IMPROVED(false),
    /** The ratio fell by more than the tolerance. */
    REGRESSED(true),
    /** A zero-allocation benchmark allocated more than the threshold. */
    ALLOCATES(true),
    /** A benchmark the baseline names is not in the results (removed, renamed, or not run). */
    MISSING(true),
    /**
     * A ratio that requires something this machine lacks ({@code requires} in the baseline, e.g. libsoxr) was not
     * run: reported, not failing.
     */
    NOT_RUN(false),
    /** The baseline's selector matches several result rows; name more {@code params} or the {@code mode}. */
    AMBIGUOUS(true),
    /** The two rows of a ratio cannot be divided (different units, or a score of zero). */
    INVALID(true);

    private final boolean fails;

    Verdict(boolean fails) {
        this.fails = fails;
    }

    /** Whether this verdict fails the gate. */
    public boolean fails() {
        return fails;
    }
}
