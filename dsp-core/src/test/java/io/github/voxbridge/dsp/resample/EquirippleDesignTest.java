package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Remez exchange checked from outside: the response of its taps, summed here directly in double on a grid eight
 * times finer than the exchange works on, stays within the ripples it reports, and its weighted error equioscillates at
 * {@code m + 2} frequencies at least, which by the alternation theorem (Oppenheim &amp; Schafer, section 7.7.1) makes
 * it the minimax design: no filter of that length does better for that weighting.
 */
class EquirippleDesignTest {

    private static final int FINE = 8 * 32;

    @ParameterizedTest(name = "{0} taps, {1} .. {2}, stop weight {3}")
    @CsvSource({
            // the telephony and hq single stages at 24 and 16 kHz (edges 3,400 or 3,600 and 4,200 Hz)
            "117, 0.1416667, 0.175, 33.3",
            "79, 0.2125, 0.2625, 33.3",
            "251, 0.15, 0.175, 4500",
            "167, 0.225, 0.2625, 4500",
            // a front stage's wide transition, and a short filter
            "31, 0.0708333, 0.2458333, 300",
            "15, 0.1, 0.3, 1",
    })
    void theResponseStaysWithinTheReportedRipplesAndEquioscillates(int length, double pass, double stop,
            double weight) {
        EquirippleDesign.Result r = EquirippleDesign.lowPass(length, pass, stop, weight);
        assertThat(r).as("converged").isNotNull();
        double[] h = r.taps();
        assertThat(h).hasSize(length);
        for (int n = 0; n < length; n++) {
            assertThat(h[n]).as("tap %d mirrors tap %d", n, length - 1 - n).isEqualTo(h[length - 1 - n]);
        }
        int m = (length - 1) / 2;
        int points = FINE * (m + 1);
        List<double[]> grid = new ArrayList<>(); // {frequency, weighted error}
        double passWorst = 0;
        double stopWorst = 0;
        for (double f : bands(pass, stop, points)) {
            boolean inPass = f <= pass;
            double a = amplitude(h, f);
            grid.add(new double[] {f, inPass ? 1 - a : -weight * a});
            if (inPass) {
                passWorst = Math.max(passWorst, Math.abs(1 - a));
            } else {
                stopWorst = Math.max(stopWorst, Math.abs(a));
            }
        }
        // The design measures its ripples on a grid half as fine as this one.
        assertThat(passWorst).as("pass-band ripple").isLessThanOrEqualTo(r.passRipple() * 1.001);
        assertThat(stopWorst).as("stop-band ripple").isLessThanOrEqualTo(r.stopRipple() * 1.001);
        assertThat(r.stopRipple() * weight).as("levelled: the weighted errors of both bands are one level")
                .isCloseTo(r.passRipple(), org.assertj.core.data.Percentage.withPercentage(1));

        double level = Math.max(passWorst, weight * stopWorst);
        assertThat(alternations(grid.stream().map(point -> point[1]).toList(), level))
                .as("alternations of the weighted error at its level (m + 2 = %d)", m + 2)
                .isGreaterThanOrEqualTo(m + 2);
    }

    /**
     * A pass band that rises 13 % (1.1 dB) to its edge, as the final stage's does to make up for a front stage's
     * droop (22.05 kHz to 8 kHz hq, {@code FilterBank#passGain}): the relative error {@code 1 - A / gain} is levelled
     * with the stop band's weighted error and equioscillates, so it is the minimax design for that weighting.
     */
    @ParameterizedTest(name = "{0} taps, pass band rising {1} to its edge")
    @CsvSource({"173, 0.133", "167, 0.05", "31, 0.2"})
    void aPassBandThatFollowsAGainIsLevelledRelativeToIt(int length, double rise) {
        double pass = 0.225;
        double stop = 0.2625;
        double weight = 4500;
        java.util.function.DoubleUnaryOperator gain = f -> 1 + rise * (f / pass) * (f / pass);
        EquirippleDesign.Result r = EquirippleDesign.lowPass(length, pass, stop, weight, gain);
        assertThat(r).as("converged").isNotNull();
        double[] h = r.taps();
        int m = (length - 1) / 2;
        int points = FINE * (m + 1);
        double passWorst = 0;
        double stopWorst = 0;
        double level = 0;
        List<Double> errors = new ArrayList<>();
        for (double f : bands(pass, stop, points)) {
            double a = amplitude(h, f);
            double e = f <= pass ? 1 - a / gain.applyAsDouble(f) : -weight * a;
            errors.add(e);
            level = Math.max(level, Math.abs(e));
            if (f <= pass) {
                passWorst = Math.max(passWorst, Math.abs(e));
            } else {
                stopWorst = Math.max(stopWorst, Math.abs(a));
            }
        }
        assertThat(amplitude(h, pass)).as("the amplitude at the pass edge follows the gain")
                .isCloseTo(1 + rise, within(2 * r.passRipple()));
        assertThat(passWorst).as("relative pass-band error").isLessThanOrEqualTo(r.passRipple() * 1.001);
        assertThat(stopWorst).as("stop-band ripple").isLessThanOrEqualTo(r.stopRipple() * 1.001);
        assertThat(r.stopRipple() * weight).as("levelled").isCloseTo(r.passRipple(),
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(alternations(errors, level)).as("alternations (m + 2 = %d)", m + 2)
                .isGreaterThanOrEqualTo(m + 2);
    }

    @Test
    void forTheSameRipplesItIsShorterThanKaisersWindow() {
        // Telephony at 24 kHz: +-0.015 dB (dp = 0.0017) and 82 dB. Kaiser's window must meet the smaller of the two
        // ripples in both bands.
        double dp = Math.pow(10, 0.015 / 20) - 1;
        double ds = Math.pow(10, -82 / 20.0);
        EquirippleDesign.Result r = EquirippleDesign.lowPass(117, 3400 / 24000.0, 4200 / 24000.0, dp / ds);
        assertThat(r.passRipple()).isLessThanOrEqualTo(dp);
        assertThat(r.stopRipple()).isLessThanOrEqualTo(ds);
        int kaiser = KaiserDesign.length(82, 2 * Math.PI * 800 / 24000.0);
        assertThat(kaiser).as("Kaiser's length for the same band edges").isGreaterThan(117 * 5 / 4);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> EquirippleDesign.lowPass(16, 0.1, 0.2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> EquirippleDesign.lowPass(31, 0.2, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.2").hasMessageContaining("0.1");
        assertThatThrownBy(() -> EquirippleDesign.lowPass(31, 0.1, 0.6, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.6");
        assertThatThrownBy(() -> EquirippleDesign.lowPass(31, 0.1, 0.2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> EquirippleDesign.lowPass(31, 0.1, 0.2, 1, f -> f > 0.05 ? 0 : 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gain must be positive")
                .hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> EquirippleDesign.lowPass(31, 0.1, 0.2, 1, f -> Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    /**
     * Both bands of a grid of {@code points} steps over [0, 0.5], and their edges themselves, where the error is
     * steepest.
     */
    private static java.util.TreeSet<Double> bands(double pass, double stop, int points) {
        java.util.TreeSet<Double> frequencies = new java.util.TreeSet<>(List.of(pass, stop));
        for (int i = 0; i <= points; i++) {
            double f = 0.5 * i / points;
            if (f <= pass || f >= stop) {
                frequencies.add(f);
            }
        }
        return frequencies;
    }

    /** Sign changes among the errors within 2 % of {@code level}, in frequency order. */
    private static int alternations(List<Double> errors, double level) {
        int alternations = 0;
        double lastSign = 0;
        for (double e : errors) {
            if (Math.abs(e) >= 0.98 * level && Math.signum(e) != lastSign) {
                alternations++;
                lastSign = Math.signum(e);
            }
        }
        return alternations;
    }

    /** {@code sum h[n] cos(2 pi f (n - m))}: the real amplitude of a symmetric filter. */
    private static double amplitude(double[] h, double f) {
        int m = (h.length - 1) / 2;
        double sum = 0;
        for (int n = 0; n < h.length; n++) {
            sum += h[n] * Math.cos(2 * Math.PI * f * (n - m));
        }
        return sum;
    }
}
