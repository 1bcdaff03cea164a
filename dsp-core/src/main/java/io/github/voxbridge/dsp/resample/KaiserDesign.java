package io.github.voxbridge.dsp.resample;

/**
 * Kaiser-windowed sinc low-pass design, in double precision.
 *
 * <p>Formulas: J. F. Kaiser, "Nonrecursive digital filter design using the I0-sinh window function", Proc. IEEE
 * ISCAS 1974; as given in Oppenheim &amp; Schafer, <i>Discrete-Time Signal Processing</i>, 3rd ed., section 7.6:
 * <pre>
 *   beta = 0.1102 (A - 8.7)                             A &gt; 50
 *        = 0.5842 (A - 21)^0.4 + 0.07886 (A - 21)        21 &lt;= A &lt;= 50
 *        = 0                                            A &lt; 21
 *   N - 1 = (A - 8) / (2.285 * dw)                      dw: transition width, radians per sample
 * </pre>
 * where A is the stop-band attenuation in dB. The window is {@code I0(beta sqrt(1 - (2n/(N-1) - 1)^2)) / I0(beta)}
 * with I0 the zeroth-order modified Bessel function of the first kind, evaluated by its power series.
 */
public final class KaiserDesign {

    private KaiserDesign() {
    }

    /**
     * I0(x) by its power series {@code sum_k ((x/2)^k / k!)^2}, summed until a term no longer changes the sum
     * in double precision (about 40 terms for the x of a 150 dB window).
     */
    public static double besselI0(double x) {
        double half = x / 2;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500; k++) {
            double factor = half / k;
            term *= factor * factor;
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return sum;
    }

    /** Kaiser's beta for a stop-band attenuation of {@code attenuationDb} (dB, positive). */
    public static double beta(double attenuationDb) {
        if (attenuationDb > 50) {
            return 0.1102 * (attenuationDb - 8.7);
        }
        if (attenuationDb >= 21) {
            return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        }
        return 0;
    }

    /**
     * Kaiser's estimate of the filter length for an attenuation (dB) and a transition width
     * {@code transitionRadians} (radians per sample, {@code 0 < dw < pi}): {@code ceil((A - 8) / (2.285 dw)) + 1}.
     */
    public static int length(double attenuationDb, double transitionRadians) {
        if (!(transitionRadians > 0 && transitionRadians < Math.PI)) {
            throw new IllegalArgumentException("transition width must be in (0, pi) radians per sample, was "
                    + transitionRadians);
        }
        double taps = Math.ceil((attenuationDb - 8) / (2.285 * transitionRadians)) + 1;
        if (taps > 1 << 26) {
            throw new IllegalArgumentException("filter of " + taps + " taps is too long");
        }
        return (int) taps;
    }

    /**
     * Kaiser window of {@code length} points.
     *
     * @param length number of points, {@code >= 1}
     * @param beta   shape parameter, {@code >= 0}
     */
    public static double[] window(int length, double beta) {
        double[] w = new double[length];
        if (length == 1) {
            w[0] = 1;
            return w;
        }
        double denominator = besselI0(beta);
        double middle = (length - 1) / 2.0;
        for (int n = 0; n < length; n++) {
            double r = (n - middle) / middle;
            w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denominator;
        }
        return w;
    }

    /**
     * Windowed-sinc low-pass of {@code length} taps, symmetric (linear phase), centred on {@code (length - 1) / 2},
     * with unit gain at DC before any per-phase normalisation: {@code h[n] = 2 fc sinc(2 fc (n - centre)) w[n]}.
     *
     * @param length taps
     * @param cutoff cut-off (the -6 dB point) in cycles per sample, {@code 0 < cutoff < 0.5}
     * @param beta   Kaiser window shape
     */
    public static double[] lowPass(int length, double cutoff, double beta) {
        if (!(cutoff > 0 && cutoff < 0.5)) {
            throw new IllegalArgumentException("cut-off must be in (0, 0.5) cycles per sample, was " + cutoff);
        }
        double[] h = window(length, beta);
        double middle = (length - 1) / 2.0;
        // Computed for the first half and mirrored, so the taps are symmetric to the last bit.
        for (int n = 0; n <= (length - 1) / 2; n++) {
            double x = 2 * cutoff * (n - middle);
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            h[n] *= 2 * cutoff * sinc;
            h[length - 1 - n] = h[n];
        }
        return h;
    }
}
