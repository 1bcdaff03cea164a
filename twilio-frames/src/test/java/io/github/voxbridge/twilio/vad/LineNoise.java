package io.github.voxbridge.twilio.vad;

import java.util.Random;

/** Seeded line noise at a given RMS level in dBFS (full scale 32768), white or pink. */
final class LineNoise {

    private LineNoise() {
    }

    /** Gaussian white noise, RMS {@code dbfs} over the whole length. */
    static double[] white(long seed, int samples, double dbfs) {
        Random random = new Random(seed);
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = random.nextGaussian();
        }
        return scale(x, dbfs);
    }

    /**
     * Pink (1/f) noise, RMS {@code dbfs} over the whole length: white noise through Paul Kellet's three-pole
     * "economy" pink filter (music-dsp mailing list, 1999; within 0.5 dB of -3 dB/octave from 40 Hz up at 44.1 kHz,
     * a little less flat at 8 kHz, which is fine for a noise floor that is mostly low frequency as mains-fed lines are).
     */
    static double[] pink(long seed, int samples, double dbfs) {
        Random random = new Random(seed);
        double[] x = new double[samples];
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        for (int i = 0; i < samples; i++) {
            double w = random.nextGaussian();
            p0 = 0.99765 * p0 + w * 0.0990460;
            p1 = 0.96300 * p1 + w * 0.2965164;
            p2 = 0.57000 * p2 + w * 1.0526913;
            x[i] = p0 + p1 + p2 + w * 0.1848;
        }
        return scale(x, dbfs);
    }

    static double rmsDbfs(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return 10 * Math.log10(sum / x.length / (32768.0 * 32768.0));
    }

    private static double[] scale(double[] x, double dbfs) {
        double gain = Math.pow(10, (dbfs - rmsDbfs(x)) / 20);
        for (int i = 0; i < x.length; i++) {
            x[i] *= gain;
        }
        return x;
    }
}
