package io.github.voxbridge.smoke;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;

/**
 * Resamples 100 ms of a 1 kHz tone from 48 kHz to 8 kHz and mu-law encodes it with the bulk methods (the kernels the
 * library chose), checks the result against the one-sample methods (always the scalar tables) and the expected
 * length and level, and prints one line per fact for VectorModuleOptionalTest. Exits with status 1 on a mismatch.
 */
public final class SmokeMain {

    private SmokeMain() {
    }

    public static void main(String[] args) {
        int inRate = 48_000;
        int outRate = 8_000;
        float[] tone = new float[inRate / 10];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / inRate));
        }
        PolyphaseResampler resampler = PolyphaseResampler.create(inRate, outRate);
        float[] out = new float[resampler.outputSamplesFor(tone.length) + resampler.flushSamplesBound()];
        int n = resampler.process(tone, 0, tone.length, out, 0);
        n += resampler.flush(out, n);
        // A whole stream of n input samples gives exactly ceil(n * out / in) outputs (PolyphaseResampler's contract).
        int expected = (int) Math.ceil((double) tone.length * outRate / inRate);
        check(n == expected, "resampled " + n + " samples, expected " + expected);
        // Level away from the edges: a 0.5 amplitude sine has an RMS of 0.5 / sqrt(2) = 0.354.
        double sum = 0;
        for (int i = n / 4; i < 3 * n / 4; i++) {
            sum += out[i] * out[i];
        }
        double rms = Math.sqrt(sum / (n / 2));
        check(Math.abs(rms - 0.5 / Math.sqrt(2)) < 0.01, "RMS " + rms + " of the resampled tone, expected 0.354");

        byte[] codes = new byte[n];
        MuLaw.encode(out, 0, codes, 0, n);
        short[] decoded = new short[n];
        MuLaw.decode(codes, 0, decoded, 0, n);
        for (int i = 0; i < n; i++) {
            check(codes[i] == MuLaw.encode(out[i]), "bulk mu-law code " + codes[i] + " at " + i + " for " + out[i]
                    + ", one-sample encode gives " + MuLaw.encode(out[i]));
            check(decoded[i] == MuLaw.decode(codes[i]), "bulk decode " + decoded[i] + " at " + i + " of code "
                    + codes[i] + ", one-sample decode gives " + MuLaw.decode(codes[i]));
        }
        System.out.println("library module: " + MuLaw.class.getModule().getName());
        System.out.println("smoke ok: " + n + " samples resampled " + inRate + " -> " + outRate
                + " Hz, bulk mu-law encode and decode equal to one-sample");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("smoke failed: " + what);
            System.exit(1);
        }
    }
}
