package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The design formulas on their own: the Bessel series against tabulated values, Kaiser's beta and length against
 * his formulas and the worked example in Oppenheim &amp; Schafer, and the shape of the window and the low-pass.
 */
class KaiserDesignTest {

    /** I0 at 0, 1, 5 and 10 (Abramowitz &amp; Stegun table 9.8; checked with mpmath to 30 digits). */
    @Test
    void besselI0MatchesTabulatedValuesTo1e15() {
        assertThat(KaiserDesign.besselI0(0)).isEqualTo(1.0);
        assertRelative(KaiserDesign.besselI0(1), 1.2660658777520082, 1e-15);
        assertRelative(KaiserDesign.besselI0(5), 27.239871823604442, 1e-15);
        assertRelative(KaiserDesign.besselI0(10), 2815.716628466254, 1e-15);
        assertRelative(KaiserDesign.besselI0(0.5), 1.0634833707413235, 1e-15);
        assertRelative(KaiserDesign.besselI0(20), 4.355828255955353e7, 1e-14);
    }

    @Test
    void besselI0IsEven() {
        for (double x : new double[] {0.25, 1, 3.7, 14.3}) {
            assertThat(KaiserDesign.besselI0(-x)).isEqualTo(KaiserDesign.besselI0(x));
        }
    }

    /** Kaiser's three-piece formula: 0 up to 21 dB, the middle piece at 50 dB, the straight line at 80 dB. */
    @Test
    void betaFollowsKaisersFormula() {
        assertThat(KaiserDesign.beta(21)).isEqualTo(0.0);
        assertThat(KaiserDesign.beta(20)).isEqualTo(0.0);
        assertThat(KaiserDesign.beta(50)).isCloseTo(0.5842 * Math.pow(29, 0.4) + 0.07886 * 29, within(1e-12));
        assertThat(KaiserDesign.beta(50)).isCloseTo(4.533514120981248, within(1e-12));
        assertThat(KaiserDesign.beta(80)).isCloseTo(0.1102 * (80 - 8.7), within(1e-12));
        assertThat(KaiserDesign.beta(80)).isCloseTo(7.85726, within(1e-12));
        // Oppenheim & Schafer, example 7.8: 60 dB gives beta = 5.653.
        assertThat(KaiserDesign.beta(60)).isCloseTo(5.653, within(5e-4));
    }

    /** {@code ceil((A - 8) / (2.285 dw)) + 1} taps; O&amp;S example 7.8: 60 dB over 0.2 pi gives order 37, 38 taps. */
    @Test
    void lengthFollowsKaisersEstimate() {
        assertThat(KaiserDesign.length(60, 0.2 * Math.PI)).isEqualTo(38);
        assertThat(KaiserDesign.length(84, 0.1)).isEqualTo((int) Math.ceil(76 / 0.2285) + 1);
        assertThat(KaiserDesign.length(136, 0.01)).isEqualTo((int) Math.ceil(128 / 0.02285) + 1);
        assertThat(KaiserDesign.length(84, 0.05)).as("half the transition, about twice the taps")
                .isBetween(2 * KaiserDesign.length(84, 0.1) - 2, 2 * KaiserDesign.length(84, 0.1));
    }

    @Test
    void lengthRejectsTransitionsOutsideZeroToPi() {
        for (double dw : new double[] {0, -0.1, Math.PI, 4, Double.NaN}) {
            assertThatThrownBy(() -> KaiserDesign.length(80, dw)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("transition width").hasMessageContaining(String.valueOf(dw));
        }
        assertThatThrownBy(() -> KaiserDesign.length(150, 1e-9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    /** The longest filter {@code length} designs is 2^26 taps; one more is refused. */
    @Test
    void lengthAcceptsUpTo2To26Taps() {
        double dw = 0x1p-20;
        // (A - 8) / (2.285 dw) = 2^26 - 1.5: ceil gives 2^26 - 1, plus one is 2^26.
        double atLimit = 8 + 2.285 * dw * ((1 << 26) - 1.5);
        assertThat(KaiserDesign.length(atLimit, dw)).isEqualTo(1 << 26);
        double overLimit = 8 + 2.285 * dw * ((1 << 26) - 0.5);
        assertThatThrownBy(() -> KaiserDesign.length(overLimit, dw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void windowIsSymmetricWithPeakOneAndKnownEnds() {
        for (int length : new int[] {1, 2, 7, 64, 319, 1_001}) {
            for (double beta : new double[] {0, KaiserDesign.beta(63), KaiserDesign.beta(156)}) {
                double[] w = KaiserDesign.window(length, beta);
                String where = length + " points, beta " + beta;
                assertThat(w).as(where).hasSize(length);
                double peak = 0;
                for (int n = 0; n < length; n++) {
                    assertThat(w[n]).as(where + " w[%d]", n).isCloseTo(w[length - 1 - n], within(1e-15))
                            .isPositive().isLessThanOrEqualTo(1.0);
                    peak = Math.max(peak, w[n]);
                }
                if (length % 2 == 1) {
                    assertThat(w[length / 2]).as(where + " centre").isEqualTo(1.0);
                } else if (beta > 0) {
                    assertThat(peak).as(where + " peak between two points").isLessThan(1.0);
                }
                if (length > 1) {
                    assertThat(w[0]).as(where + " end").isCloseTo(1 / KaiserDesign.besselI0(beta), within(1e-15));
                }
                for (int n = 1; n <= (length - 1) / 2; n++) {
                    assertThat(w[n]).as(where + " rises to the centre at %d", n).isGreaterThanOrEqualTo(w[n - 1]);
                }
            }
        }
    }

    /**
     * A windowed sinc is symmetric about its centre, peaks there at {@code 2 fc}, and has DC gain (sum of taps) 1
     * within the pass-band ripple of its design, {@code 10^(-A/20)}: 6.3e-5 at 84 dB, 1.6e-7 at 136 dB.
     */
    @Test
    void lowPassIsSymmetricWithUnitDcGain() {
        double[][] designs = {
            // attenuation dB, cutoff cycles/sample, transition radians/sample
            {84, 0.125, 0.1}, {136, 0.2, 0.05}, {63, 0.0125, 0.01}, {84, 0.45, 0.2}};
        for (double[] design : designs) {
            double attenuation = design[0];
            double cutoff = design[1];
            int length = KaiserDesign.length(attenuation, design[2]) | 1;
            double[] h = KaiserDesign.lowPass(length, cutoff, KaiserDesign.beta(attenuation));
            String where = attenuation + " dB, cutoff " + cutoff + ", " + length + " taps";
            double sum = 0;
            for (int n = 0; n < length; n++) {
                assertThat(h[n]).as(where + " h[%d]", n).isCloseTo(h[length - 1 - n], within(1e-17));
                sum += h[n];
            }
            assertThat(h[length / 2]).as(where + " centre").isCloseTo(2 * cutoff, within(1e-15));
            assertThat(sum).as(where + " DC gain").isCloseTo(1, within(Math.pow(10, -attenuation / 20)));
        }
    }

    @Test
    void lowPassRejectsCutoffsOutsideZeroToHalf() {
        for (double cutoff : new double[] {0, -0.1, 0.5, 0.7, Double.NaN}) {
            assertThatThrownBy(() -> KaiserDesign.lowPass(31, cutoff, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(cutoff));
        }
    }

    private static void assertRelative(double actual, double expected, double relative) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * relative));
    }
}
