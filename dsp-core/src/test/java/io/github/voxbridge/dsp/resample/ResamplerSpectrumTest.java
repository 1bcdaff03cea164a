package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The presets' promises, measured: pass-band ripple, worst alias (downsampling) or image (upsampling) of tone
 * sweeps across the stop band, and latency, for 11.025k/16k/22.05k/24k/32k/44.1k/48k/96k -> 8k, 8k -> 16k/24k/48k
 * and 44.1k -> 48k. Each case prints its figures (grep the test output for "spectrum"); README.md's "Resampler
 * quality" table records them.
 *
 * <p>The promises are {@link ResamplerQuality}'s: edges are fractions of the lower Nyquist frequency
 * {@code min(in, out) / 2}, so for 44.1 -> 48 kHz (lower Nyquist 22,050 Hz) telephony's 3.4 kHz becomes 18,742.5 Hz
 * and its 4.2 kHz stop edge 23,152.5 Hz. The tone grids scale the same way; at an 8 kHz lower rate every figure
 * and grid step is the one written below.
 */
class ResamplerSpectrumTest {

    /** The lower Nyquist frequency the Hz figures below are written for: 8 kHz audio. */
    static final double TELEPHONE_NYQUIST = 4000;

    /**
     * What a preset promises: pass band flat within ±rippleDb up to {@code passEdge}, stop band down by
     * {@code rejectionDb} from {@code stopEdge} (both fractions of the lower Nyquist), and at most
     * {@code maxDelayMsAt8k} of latency when the lower rate is 8 kHz.
     */
    record Spec(ResamplerQuality quality, double passEdge, double rippleDb, double stopEdge, double rejectionDb,
                double maxDelayMsAt8k) {

        /** End of the promised flat band, Hz: 3,400 or 3,600 Hz at an 8 kHz lower rate. */
        double passHz(int in, int out) {
            return passEdge * lowerNyquist(in, out);
        }

        /** Start of the promised stop band, Hz: 4,200 or 4,600 Hz at an 8 kHz lower rate. */
        double stopHz(int in, int out) {
            return stopEdge * lowerNyquist(in, out);
        }

        /**
         * The latency bound, ms. Kaiser's length is inversely proportional to the transition width, which is a fixed
         * fraction of the lower Nyquist, so the group delay in seconds scales as {@code 4000 / lowerNyquist}
         * ({@link ResamplerQuality}'s Javadoc gives the formula): 44.1 -> 48 kHz must take 5.5 times less than 8 kHz.
         */
        double maxDelayMs(int in, int out) {
            return maxDelayMsAt8k * TELEPHONE_NYQUIST / lowerNyquist(in, out);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec(ResamplerQuality.FAST, 0.85, 0.1, 1.15, 60, 2.0),
            new Spec(ResamplerQuality.TELEPHONY, 0.85, 0.05, 1.05, 80, 3.5),
            new Spec(ResamplerQuality.HQ, 0.90, 0.01, 1.05, 131, 10),
            new Spec(ResamplerQuality.VHQ, 0.90, 0.01, 1.05, 150, 10));

    /**
     * The telephony conversions (the common rates to 8 kHz and 8 kHz up to 16, 24 and 48 kHz: 8 -> 24k and 48k have
     * images of a tone at {@code 8000 k ± f} for several k inside the output band), 44.1 -> 48 kHz, the first pair
     * whose lower rate is not 8 kHz, and two more two-stage pairs whose front stage droops at hq and other ratios
     * than 22.05 kHz -> 8 kHz's (48 -> 22.05 kHz: 147/160 then by 2; 88.2 -> 24 kHz: 80/147 then by 2).
     */
    static final int[][] PAIRS = {{16000, 8000}, {22050, 8000}, {24000, 8000}, {44100, 8000}, {48000, 8000},
        {8000, 16000}, {11025, 8000}, {32000, 8000}, {96000, 8000}, {44100, 48000}, {8000, 24000}, {8000, 48000},
        {48000, 22050}, {88200, 24000}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Spec spec : SPECS) {
            for (int[] pair : PAIRS) {
                cases.add(Arguments.of(pair[0], pair[1], spec));
            }
        }
        return cases.stream();
    }

    static double lowerNyquist(int in, int out) {
        return Math.min(in, out) / 2.0;
    }

    /** Pass-band tones: 100 Hz steps at an 8 kHz lower rate (scaled with it), and the edge itself. */
    static List<Double> passBandTones(int in, int out, Spec spec) {
        double scale = lowerNyquist(in, out) / TELEPHONE_NYQUIST;
        double edge = spec.passHz(in, out);
        List<Double> tones = new ArrayList<>();
        for (double f = 100 * scale; f <= edge; f = f + 100 * scale > edge && f < edge ? edge : f + 100 * scale) {
            tones.add(f);
        }
        return tones;
    }

    /** At most this many tones in the coarse part of a downsampling sweep (48 kHz input has 90). */
    static final int MAX_COARSE_TONES = 100;

    /**
     * Input tones whose aliases or images the stop-band promise covers. Grid steps are for an 8 kHz lower rate and
     * scale with the lower Nyquist; the 25 Hz steps cover the first 800 Hz past the stop edge, where a window
     * design's stop-band ripple is largest (its lobes are about {@code 1 / (2 delay)} apart: 310 Hz for fast, 160 Hz
     * for telephony, 65 Hz for hq, 57 Hz for vhq).
     * <ul>
     *   <li>Downsampling: tones from the stop edge to the input Nyquist, every 25 Hz for 800 Hz, then every 211 Hz
     *       (odd, so that the aliases do not pile up on a few output bins), or wider so as to stay within
     *       {@value #MAX_COARSE_TONES} tones: 96 kHz input would need 204, at about 3 ms each per preset in each of
     *       dsp-core's four surefire executions, in the part of the stop band where the ripple is lowest.</li>
     *   <li>Upsampling: a tone at f has images at {@code k in ± f}; the first, {@code in - f}, is promised for
     *       {@code f <= in - stop}. Tones every 97 Hz from 100 Hz up to there, and every 25 Hz in the 800 Hz below it
     *       (images in the first 800 Hz past the stop edge). When the output Nyquist is above the input rate (8 -> 24k, 48k),
     *       tones above {@code in - stop} still have promised images ({@code in + f}, ...) in the band, so the 97 Hz
     *       grid runs on to the input Nyquist.</li>
     * </ul>
     */
    static List<Double> stopBandTones(int in, int out, Spec spec) {
        double scale = lowerNyquist(in, out) / TELEPHONE_NYQUIST;
        double stop = spec.stopHz(in, out);
        List<Double> tones = new ArrayList<>();
        if (out < in) {
            double top = in / 2.0 - 1;
            for (double f = stop; f < Math.min(stop + 800 * scale, top); f += 25 * scale) {
                tones.add(f);
            }
            double coarse = Math.max(211 * scale, (top - stop - 800 * scale) / MAX_COARSE_TONES);
            for (double f = stop + 800 * scale; f < top; f += coarse) {
                tones.add(f);
            }
            tones.add(top);
        } else {
            double top = in - stop;
            double end = out / 2.0 > in ? in / 2.0 - 1 : top;
            for (double f = 100 * scale; f <= end; f += 97 * scale) {
                tones.add(f);
            }
            tones.add(top);
            for (double f = top - 25 * scale; f > top - 800 * scale; f -= 25 * scale) {
                tones.add(f);
            }
            if (end > top) {
                tones.add(end);
            }
        }
        return tones;
    }

    /**
     * Output bins not covered by the stop-band promise for a tone at f: the main lobes of the components
     * {@code |k in ± f|} below the stop edge (the tone itself; an image in the transition band when upsampling),
     * each at the output frequency it folds to.
     */
    static boolean[] unpromisedBins(int in, int out, double stop, double f, int bins) {
        boolean[] excluded = new boolean[bins];
        for (int k = 0; (double) k * in - f < stop; k++) {
            for (double component : new double[] {k * (double) in - f, k * (double) in + f}) {
                if (component < 0 || component >= stop) {
                    continue;
                }
                double folded = component % out;
                folded = Math.min(folded, out - folded);
                int centre = (int) Math.round(folded * SpectrumMeter.SEGMENT * SpectrumMeter.PADDING / out);
                for (int b = Math.max(0, centre - SpectrumMeter.mainLobeBins());
                        b <= Math.min(bins - 1, centre + SpectrumMeter.mainLobeBins()); b++) {
                    excluded[b] = true;
                }
            }
        }
        return excluded;
    }

    @ParameterizedTest(name = "{0} -> {1} Hz, {2}")
    @MethodSource("cases")
    void meetsItsSpec(int in, int out, Spec spec) {
        ResamplerQuality q = spec.quality();

        double minGain = Double.POSITIVE_INFINITY;
        double maxGain = Double.NEGATIVE_INFINITY;
        for (double f : passBandTones(in, out, spec)) {
            double g = SpectrumMeter.gain(in, out, q, f);
            minGain = Math.min(minGain, g);
            maxGain = Math.max(maxGain, g);
        }

        double stop = spec.stopHz(in, out);
        double worstDb = Double.NEGATIVE_INFINITY;
        double worstTone = 0;
        double worstOutputHz = 0;
        List<Double> tones = stopBandTones(in, out, spec);
        for (double f : tones) {
            double[] spectrum = SpectrumMeter.spectrum(SpectrumMeter.steadySegment(
                    SpectrumMeter.resampleTone(in, out, q, f, 1.0, SpectrumMeter.outputLengthFor(out)), out));
            boolean[] excluded = unpromisedBins(in, out, stop, f, spectrum.length);
            for (int k = 0; k < spectrum.length; k++) {
                if (excluded[k]) {
                    continue;
                }
                double level = SpectrumMeter.db(spectrum[k]);
                if (level > worstDb) {
                    worstDb = level;
                    worstTone = f;
                    worstOutputHz = (double) k * out / (SpectrumMeter.SEGMENT * SpectrumMeter.PADDING);
                }
            }
        }

        PolyphaseResampler r = PolyphaseResampler.create(in, out, q);
        double delayMs = r.delaySeconds() * 1000;
        boolean down = out < in;
        System.out.printf("spectrum %5d -> %5d Hz %-9s taps %4d: pass band %+.5f .. %+.5f dB to %.0f Hz, "
                        + "worst %s %.1f dB from %.0f Hz (input tone %.0f Hz, at %.0f Hz out, %d tones), "
                        + "delay %.2f ms%n",
                in, out, q, r.taps(), minGain, maxGain, spec.passHz(in, out), down ? "alias" : "image", worstDb,
                stop, worstTone, worstOutputHz, tones.size(), delayMs);

        assertThat(minGain).as("pass band minimum gain, dB").isGreaterThanOrEqualTo(-spec.rippleDb());
        assertThat(maxGain).as("pass band maximum gain, dB").isLessThanOrEqualTo(spec.rippleDb());
        assertThat(worstDb).as("worst alias/image re full scale, dB (tone %.0f Hz)", worstTone)
                .isLessThanOrEqualTo(-spec.rejectionDb());
        assertThat(delayMs).as("delay, ms").isLessThanOrEqualTo(spec.maxDelayMs(in, out));
    }

    /**
     * Latency measured, not taken from {@link PolyphaseResampler#delaySeconds()}: an impulse is fed one sample at
     * a time and we count how much more input it takes before the output sample at the impulse's time appears.
     * That sample must also be the peak of the response (the delay compensation puts it there).
     */
    @ParameterizedTest(name = "{0} -> {1} Hz, {2}")
    @MethodSource("cases")
    void measuredLatencyIsWithinSpecAndTheResponseIsCentred(int in, int out, Spec spec) {
        PolyphaseResampler r = PolyphaseResampler.create(in, out, spec.quality());
        int g = java.math.BigInteger.valueOf(in).gcd(java.math.BigInteger.valueOf(out)).intValue();
        int down = in / g;
        int up = out / g;
        int impulseAt = down * (in / 100 / down + 1);        // about 10 ms in, on the output grid
        int impulseOutput = impulseAt / down * up;
        int total = impulseAt + in / 20;
        float[] one = new float[1];
        float[] y = new float[total * up / down + 64];
        int produced = 0;
        int inputWhenEmitted = -1;
        for (int i = 0; i < total; i++) {
            one[0] = i == impulseAt ? 1f : 0f;
            produced += r.process(one, 0, 1, y, produced);
            if (inputWhenEmitted < 0 && produced > impulseOutput) {
                inputWhenEmitted = i;
            }
        }
        double latencyMs = (inputWhenEmitted - impulseAt) * 1000.0 / in;
        int peak = 0;
        for (int k = 1; k < produced; k++) {
            if (Math.abs(y[k]) > Math.abs(y[peak])) {
                peak = k;
            }
        }
        System.out.printf("latency  %5d -> %5d Hz %-9s: %.3f ms measured (%.3f ms reported)%n",
                in, out, spec.quality(), latencyMs, r.delaySeconds() * 1000);
        assertThat(inputWhenEmitted).as("output at the impulse was emitted").isGreaterThanOrEqualTo(impulseAt);
        assertThat(latencyMs).isLessThanOrEqualTo(spec.maxDelayMs(in, out));
        assertThat(latencyMs).isCloseTo(r.delaySeconds() * 1000, org.assertj.core.data.Offset.offset(1000.0 / in));
        assertThat(peak).as("peak of the impulse response").isEqualTo(impulseOutput);
    }
}
