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
 * sweeps across the stop band, and latency, for 16k/22.05k/24k/44.1k/48k -> 8k and 8k -> 16k. Each case prints
 * its figures (grep the test output for "spectrum").
 */
class ResamplerSpectrumTest {

    /** What a preset promises: pass band flat within ±ripple dB up to passHz, stop band down by dB from stopHz. */
    record Spec(ResamplerQuality quality, double passHz, double rippleDb, double stopHz, double rejectionDb,
                double maxDelayMs) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec(ResamplerQuality.FAST, 3400, 0.1, 4600, 60, 2.0),
            new Spec(ResamplerQuality.TELEPHONY, 3400, 0.05, 4200, 80, 3.5),
            new Spec(ResamplerQuality.HQ, 3600, 0.01, 4200, 131, 10),
            new Spec(ResamplerQuality.VHQ, 3600, 0.01, 4200, 150, 10));

    static final int[][] PAIRS = {{16000, 8000}, {22050, 8000}, {24000, 8000}, {44100, 8000}, {48000, 8000},
        {8000, 16000}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Spec spec : SPECS) {
            for (int[] pair : PAIRS) {
                cases.add(Arguments.of(pair[0], pair[1], spec));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} Hz, {2}")
    @MethodSource("cases")
    void meetsItsSpec(int in, int out, Spec spec) {
        ResamplerQuality q = spec.quality();

        // Pass band: 100 Hz steps and the edge itself.
        double minGain = Double.POSITIVE_INFINITY;
        double maxGain = Double.NEGATIVE_INFINITY;
        for (double f = 100; f <= spec.passHz(); f = f + 100 > spec.passHz() && f < spec.passHz() ? spec.passHz() : f + 100) {
            double g = SpectrumMeter.gain(in, out, q, f);
            minGain = Math.min(minGain, g);
            maxGain = Math.max(maxGain, g);
        }

        // Stop band: dense sweep just past the edge, where the first side lobes are, then coarser to Nyquist.
        double worstDb = Double.NEGATIVE_INFINITY;
        double worstAt = 0;
        boolean down = out < in;
        double top = down ? in / 2.0 - 1 : spec.stopHz() == 4600 ? 3400 : in - spec.stopHz();
        List<Double> tones = new ArrayList<>();
        if (down) {
            for (double f = spec.stopHz(); f < Math.min(spec.stopHz() + 800, top); f += 25) {
                tones.add(f);
            }
            for (double f = spec.stopHz() + 800; f < top; f += 211) {
                tones.add(f);
            }
            tones.add(top);
        } else {
            // Upsampling: a tone at f makes an image at in - f; images from the stop edge up are the ones promised.
            for (double f = 100; f <= top; f += 97) {
                tones.add(f);
            }
            tones.add(top);
        }
        for (double f : tones) {
            double[] spectrum = SpectrumMeter.spectrum(SpectrumMeter.steadySegment(
                    SpectrumMeter.resampleTone(in, out, q, f, 1.0, SpectrumMeter.outputLengthFor(out)), out));
            int toneBin = down ? -1 : (int) Math.round(f * SpectrumMeter.SEGMENT * SpectrumMeter.PADDING / out);
            for (int k = 0; k < spectrum.length; k++) {
                if (toneBin >= 0 && Math.abs(k - toneBin) <= SpectrumMeter.mainLobeBins()) {
                    continue;
                }
                double level = SpectrumMeter.db(spectrum[k]);
                if (level > worstDb) {
                    worstDb = level;
                    worstAt = f;
                }
            }
        }

        PolyphaseResampler r = PolyphaseResampler.create(in, out, q);
        double delayMs = r.delaySeconds() * 1000;
        System.out.printf("spectrum %5d -> %5d Hz %-9s taps %4d: pass band %+.5f .. %+.5f dB to %.0f Hz, "
                        + "worst %s %.1f dB (input tone %.0f Hz, %d tones), delay %.2f ms%n",
                in, out, q, r.taps(), minGain, maxGain, spec.passHz(), down ? "alias" : "image", worstDb, worstAt,
                tones.size(), delayMs);

        assertThat(minGain).as("pass band minimum gain, dB").isGreaterThanOrEqualTo(-spec.rippleDb());
        assertThat(maxGain).as("pass band maximum gain, dB").isLessThanOrEqualTo(spec.rippleDb());
        assertThat(worstDb).as("worst alias/image re full scale, dB (tone %.0f Hz)", worstAt)
                .isLessThanOrEqualTo(-spec.rejectionDb());
        assertThat(delayMs).as("delay, ms").isLessThanOrEqualTo(spec.maxDelayMs());
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
        assertThat(latencyMs).isLessThanOrEqualTo(spec.maxDelayMs());
        assertThat(latencyMs).isCloseTo(r.delaySeconds() * 1000, org.assertj.core.data.Offset.offset(1000.0 / in));
        assertThat(peak).as("peak of the impulse response").isEqualTo(impulseOutput);
    }
}
