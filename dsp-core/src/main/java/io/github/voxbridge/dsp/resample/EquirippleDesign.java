package io.github.voxbridge.dsp.resample;

import java.util.function.DoubleUnaryOperator;

/**
 * Equiripple (minimax) linear-phase low-pass design by the Remez exchange algorithm, in double precision.
 *
 * <p>Source: T. W. Parks and J. H. McClellan, "Chebyshev approximation for nonrecursive digital filters with linear
 * phase", IEEE Trans. Circuit Theory 19(2), 1972, and J. H. McClellan, T. W. Parks, L. R. Rabiner, "A computer
 * program for designing optimum FIR linear phase digital filters", IEEE Trans. Audio Electroacoust. 21(6), 1973;
 * as given in Oppenheim &amp; Schafer, <i>Discrete-Time Signal Processing</i>, 3rd ed., section 7.7. A type I filter
 * of odd length {@code N = 2 m + 1} has the amplitude {@code A(w) = sum_{k=0..m} a_k cos(k w)}; the design minimises
 * the largest weighted error {@code W(w) (D(w) - A(w))} over the pass band {@code [0, wp]} (D = 1, W = 1) and the stop
 * band {@code [ws, pi]} (D = 0, W = dp / ds). By the alternation theorem the optimum's error reaches its maximum
 * with alternating signs at {@code m + 2} frequencies at least; the exchange moves a trial set of them to the error's
 * extrema until it does. Each step interpolates through the trial set in the barycentric form (Parks and McClellan's
 * own), on a grid of 32 points per coefficient.
 *
 * <p>For the same pass-band ripple {@code dp} and stop-band ripple {@code ds} a Kaiser window needs about
 * {@code (A - 8) / (2.285 dw)} taps with {@code A = -20 log10(min(dp, ds))}; the equiripple filter about
 * {@code (-20 log10(sqrt(dp ds)) - 13) / (14.6 df)} (Kaiser's estimate for optimum filters, Oppenheim &amp; Schafer
 * eq. 7.117), because it spends the pass band's far larger tolerance: 30 to 40 % fewer taps at telephony and hq.
 */
final class EquirippleDesign {

    /**
     * Grid points per cosine coefficient. McClellan et al.'s default, 16, misses the stop band's peaks by up to 10 %
     * (0.9 dB) at 130 dB; 32 finds them within 0.5 %.
     */
    private static final int GRID_DENSITY = 32;
    /** The ripples reported are measured on a grid this many times finer still, so they are the design's own. */
    private static final int CHECK_DENSITY = 4;
    /** Exchange steps before giving up; the designs used here converge in 5 to 15. */
    private static final int MAX_ITERATIONS = 60;
    /**
     * Steps from a flat pass band to a wanted gain ({@link #lowPass(int, double, double, double,
     * DoubleUnaryOperator)}).
     */
    private static final int GAIN_STEPS = 4;
    /** Converged when the largest error on the grid exceeds the levelled error by less than this fraction. */
    private static final double TOLERANCE = 1e-4;

    private EquirippleDesign() {
    }

    /**
     * A design: the taps (symmetric, odd length), the largest pass-band deviation |A - 1| and the largest stop-band
     * gain |A|, both linear and measured on a grid {@value #CHECK_DENSITY} times finer than the exchange's.
     */
    record Result(double[] taps, double passRipple, double stopRipple) {
    }

    /**
     * The equiripple low-pass of {@code length} taps, unit gain in the pass band.
     *
     * @param length     odd number of taps, {@code >= 3}
     * @param passEdge   end of the pass band, cycles per sample, in {@code (0, stopEdge)}
     * @param stopEdge   start of the stop band, cycles per sample, in {@code (passEdge, 0.5)}
     * @param stopWeight weight of the stop band's error against the pass band's ({@code dp / ds}), {@code > 0}
     * @return the design with its pass-band ripple {@code dp} (linear, the largest |A - 1| in the pass band) and
     *         stop-band ripple {@code ds} (the largest |A| in the stop band); or null if the exchange did not converge
     */
    static Result lowPass(int length, double passEdge, double stopEdge, double stopWeight) {
        return lowPass(length, passEdge, stopEdge, stopWeight, f -> 1);
    }

    /**
     * {@link #lowPass(int, double, double, double)} with a pass band that follows {@code passGain} instead of 1: the
     * design levels the relative error {@code 1 - A(f) / passGain(f)} (pass-band weight {@code 1 / passGain}), and
     * the pass-band ripple reported is the largest such error. Used to make up for a known gain of another stage,
     * e.g. the droop of a chain's short front stage ({@code FilterBank}).
     *
     * @param passGain the wanted amplitude at {@code f} cycles per sample, {@code f} in {@code [0, passEdge]};
     *                 positive
     */
    static Result lowPass(int length, double passEdge, double stopEdge, double stopWeight,
            DoubleUnaryOperator passGain) {
        if (length < 3 || (length & 1) == 0) {
            throw new IllegalArgumentException("length must be odd and at least 3, was " + length);
        }
        if (!(passEdge > 0 && passEdge < stopEdge && stopEdge < 0.5)) {
            throw new IllegalArgumentException("edges must satisfy 0 < pass < stop < 0.5 cycles per sample, were "
                    + passEdge + " and " + stopEdge);
        }
        if (!(stopWeight > 0)) {
            throw new IllegalArgumentException("stop-band weight must be positive, was " + stopWeight);
        }
        int m = (length - 1) / 2;
        int r = m + 1; // coefficients; the trial set has r + 1 frequencies
        double wp = 2 * Math.PI * passEdge;
        double ws = 2 * Math.PI * stopEdge;

        // The grid: both bands, their edges included, about GRID_DENSITY points per coefficient over their width.
        double measure = wp + (Math.PI - ws);
        int points = Math.max(GRID_DENSITY * r, 4 * (r + 1));
        int passPoints = Math.max(2, (int) Math.round(points * wp / measure) + 1);
        int stopPoints = Math.max(2, (int) Math.round(points * (Math.PI - ws) / measure) + 1);
        int n = passPoints + stopPoints;
        double[] x = new double[n];
        double[] desired = new double[n];
        double[] weight = new double[n];
        double[] gains = new double[passPoints];
        boolean flat = true;
        for (int i = 0; i < passPoints; i++) {
            double w = wp * i / (passPoints - 1);
            double gain = passGain.applyAsDouble(w / (2 * Math.PI));
            if (!(gain > 0 && gain < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("pass-band gain must be positive and finite, was " + gain
                        + " at " + w / (2 * Math.PI) + " cycles per sample");
            }
            x[i] = Math.cos(w);
            gains[i] = gain;
            flat &= gain == 1;
        }
        for (int i = 0; i < stopPoints; i++) {
            x[passPoints + i] = Math.cos(ws + (Math.PI - ws) * i / (stopPoints - 1));
            desired[passPoints + i] = 0;
            weight[passPoints + i] = stopWeight;
        }

        // First trial set: spread evenly over the grid. A pass band that is not flat starts from the flat design's
        // extremal set and moves to its gain in steps, each starting from the last one's: from the even spread, the
        // exchange for a pass band rising 13 % (making up for 1.1 dB) lost its alternation within three steps.
        int[] trial = new int[r + 1];
        for (int i = 0; i <= r; i++) {
            trial[i] = (int) ((long) i * (n - 1) / r);
        }
        double[] error = new double[n];
        double[] bary = new double[r + 1];
        double[] values = new double[r + 1];
        double[] nodes = new double[r + 1];
        int steps = flat ? 0 : GAIN_STEPS;
        for (int step = 0; step <= steps && trial != null; step++) {
            double share = steps == 0 ? 1 : (double) step / steps;
            for (int i = 0; i < passPoints; i++) {
                desired[i] = 1 + share * (gains[i] - 1);
                weight[i] = 1 / desired[i];
            }
            trial = exchange(trial, x, desired, weight, passPoints, r, error, bary, values, nodes);
        }
        if (trial == null) {
            return null;
        }

        // The taps: A(w) sampled at w_k = 2 pi k / N, then the inverse transform of a real, even sequence.
        level(trial, x, desired, weight, nodes, bary, values);
        double[] amplitude = new double[m + 1];
        for (int k = 0; k <= m; k++) {
            amplitude[k] = interpolate(Math.cos(2 * Math.PI * k / length), nodes, bary, values, r);
        }
        double[] h = new double[length];
        for (int k = 0; k <= m; k++) {
            double sum = amplitude[0];
            for (int j = 1; j <= m; j++) {
                sum += 2 * amplitude[j] * Math.cos(2 * Math.PI * j * k / length);
            }
            h[m + k] = sum / length;
            h[m - k] = h[m + k];
        }
        double passRipple = 0;
        int finePass = CHECK_DENSITY * (passPoints - 1);
        for (int i = 0; i <= finePass; i++) {
            double w = wp * i / finePass;
            double a = interpolate(Math.cos(w), nodes, bary, values, r);
            passRipple = Math.max(passRipple, Math.abs(1 - a / passGain.applyAsDouble(w / (2 * Math.PI))));
        }
        double stopRipple = 0;
        int fineStop = CHECK_DENSITY * (stopPoints - 1);
        for (int i = 0; i <= fineStop; i++) {
            double a = interpolate(Math.cos(ws + (Math.PI - ws) * i / fineStop), nodes, bary, values, r);
            stopRipple = Math.max(stopRipple, Math.abs(a));
        }
        return new Result(h, passRipple, stopRipple);
    }

    /**
     * The Remez exchange from {@code trial} until the error levels: the extremal set then, or null if the error
     * stops alternating or does not level within {@value #MAX_ITERATIONS} steps.
     */
    private static int[] exchange(int[] trial, double[] x, double[] desired, double[] weight, int passPoints, int r,
            double[] error, double[] bary, double[] values, double[] nodes) {
        int n = x.length;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double delta = level(trial, x, desired, weight, nodes, bary, values);
            double largest = 0;
            for (int j = 0; j < n; j++) {
                double a = interpolate(x[j], nodes, bary, values, r);
                error[j] = weight[j] * (desired[j] - a);
                largest = Math.max(largest, Math.abs(error[j]));
            }
            int[] next = extrema(error, passPoints, Math.abs(delta), r + 1);
            if (next == null) {
                return null;
            }
            // The set found on the levelled error is the one kept (one more step's worth of refinement).
            trial = next;
            if ((largest - Math.abs(delta)) <= TOLERANCE * Math.abs(delta)) {
                return trial;
            }
        }
        return null;
    }

    /**
     * One exchange step's interpolation problem for the trial set {@code trial} (indices into the grid
     * {@code x}): the levelled error {@code delta} (Parks and McClellan's formula, with the barycentric weights of
     * all r + 1 nodes), the values the amplitude must take at the nodes ({@code D - (-1)^i delta / W}), and, left in
     * {@code bary}, the barycentric weights of the first r nodes, through which the amplitude is interpolated (the
     * last node is matched by the choice of delta).
     *
     * @return delta
     */
    private static double level(int[] trial, double[] x, double[] desired, double[] weight, double[] nodes,
            double[] bary, double[] values) {
        int count = trial.length;
        for (int i = 0; i < count; i++) {
            nodes[i] = x[trial[i]];
        }
        weights(nodes, count, bary);
        double num = 0;
        double den = 0;
        for (int i = 0; i < count; i++) {
            num += bary[i] * desired[trial[i]];
            den += ((i & 1) == 0 ? 1 : -1) * bary[i] / weight[trial[i]];
        }
        double delta = num / den;
        for (int i = 0; i < count; i++) {
            values[i] = desired[trial[i]] - ((i & 1) == 0 ? 1 : -1) * delta / weight[trial[i]];
        }
        weights(nodes, count - 1, bary);
        return delta;
    }

    /**
     * Barycentric weights of the first {@code count} nodes: {@code 1 / prod_{j != i} 2 (x_i - x_j)}. The factor 2
     * keeps the products near 1 for nodes spread over [-1, 1] (Parks and McClellan's scaling), so hundreds of nodes
     * neither overflow nor underflow.
     */
    private static void weights(double[] nodes, int count, double[] out) {
        for (int i = 0; i < count; i++) {
            double product = 1;
            for (int j = 0; j < count; j++) {
                if (j != i) {
                    product *= 2 * (nodes[i] - nodes[j]);
                }
            }
            out[i] = 1 / product;
        }
    }

    /** The polynomial through {@code (nodes[i], values[i])}, i &lt; count, at {@code x} (barycentric form). */
    private static double interpolate(double x, double[] nodes, double[] bary, double[] values, int count) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < count; i++) {
            double d = x - nodes[i];
            if (d == 0) {
                return values[i];
            }
            double c = bary[i] / d;
            num += c * values[i];
            den += c;
        }
        return num / den;
    }

    /**
     * The next trial set: the error's largest point between consecutive sign changes (the error alternates in sign
     * around the trial set, so there are at least as many such runs as trial points), runs whose largest error is
     * under half the levelled error dropped as rounding noise near a zero and the neighbours then of one sign merged
     * to the larger, then trimmed at the ends, the smaller end first, to {@code want}. Null if fewer than
     * {@code want} alternate.
     */
    private static int[] extrema(double[] error, int passPoints, double level, int want) {
        int n = error.length;
        int[] found = new int[n];
        int count = 0;
        double floor = level / 2;
        int best = 0;
        for (int j = 1; j <= n; j++) {
            boolean runEnds = j == n || (error[j] != 0 && Math.signum(error[j]) == -Math.signum(error[best]));
            if (!runEnds) {
                if (Math.abs(error[j]) > Math.abs(error[best])) {
                    best = j;
                }
                continue;
            }
            if (Math.abs(error[best]) >= floor) {
                if (count > 0 && Math.signum(error[found[count - 1]]) == Math.signum(error[best])) {
                    if (Math.abs(error[best]) > Math.abs(error[found[count - 1]])) {
                        found[count - 1] = best;
                    }
                } else {
                    found[count++] = best;
                }
            }
            best = j;
        }
        int first = 0;
        int last = count - 1;
        while (last - first + 1 > want) {
            if (Math.abs(error[found[first]]) < Math.abs(error[found[last]])) {
                first++;
            } else {
                last--;
            }
        }
        if (last - first + 1 < want) {
            return null;
        }
        return java.util.Arrays.copyOfRange(found, first, last + 1);
    }
}
