package io.github.voxbridge.twilio.vad;

import io.github.voxbridge.dsp.pcm.WavReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One of the espeak-ng clips under {@code testdata/speech/} (8000 Hz, 16-bit, mono; its README gives the commands),
 * with its active speech level.
 *
 * <p>Active level, as used in every test of this package: the RMS, in dBFS (full scale 32768), over the clip's 10 ms
 * blocks whose own level is within {@value #ACTIVE_RANGE_DB} dB of its loudest block: a simple form of ITU-T P.56's
 * active speech level that leaves out the silence before, between and after words.
 */
record SpeechClip(String name, short[] samples) {

    /** The clips, by file name stem: every one starts with a different kind of sound. */
    static final String[] NAMES = {"hello", "wait-stop", "yes", "sorry"};
    static final int RATE = 8000;
    static final int BLOCK = 80;
    static final double ACTIVE_RANGE_DB = 30.0;

    static SpeechClip load(String name) {
        String root = System.getProperty("voxbridge.testdata");
        Path file = (root != null ? Path.of(root) : Path.of("..", "testdata")).resolve("speech/" + name + "-8k.wav");
        try (WavReader reader = WavReader.open(file)) {
            if (reader.format().sampleRate() != RATE || reader.format().channels() != 1) {
                throw new IllegalStateException(file + ": expected 8000 Hz mono, got " + reader.format());
            }
            return new SpeechClip(name, reader.readAllShorts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clip's active level in dBFS (see the class comment). */
    double activeLevelDbfs() {
        double[] levels = blockLevels(toDouble(samples), BLOCK);
        double peak = Double.NEGATIVE_INFINITY;
        for (double l : levels) {
            peak = Math.max(peak, l);
        }
        double sum = 0;
        int n = 0;
        for (double l : levels) {
            if (l >= peak - ACTIVE_RANGE_DB) {
                sum += Math.pow(10, l / 10);
                n++;
            }
        }
        return 10 * Math.log10(sum / n);
    }

    /** The clip as doubles scaled so that its active level is {@code dbfs}. */
    double[] scaledTo(double dbfs) {
        double gain = Math.pow(10, (dbfs - activeLevelDbfs()) / 20);
        double[] out = toDouble(samples);
        for (int i = 0; i < out.length; i++) {
            out[i] *= gain;
        }
        return out;
    }

    static double[] toDouble(short[] s) {
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i];
        }
        return d;
    }

    /** Level in dBFS of each whole block of {@code block} samples ({@code -Infinity} for silence). */
    static double[] blockLevels(double[] x, int block) {
        double[] levels = new double[x.length / block];
        for (int b = 0; b < levels.length; b++) {
            double sum = 0;
            for (int i = b * block; i < (b + 1) * block; i++) {
                sum += x[i] * x[i];
            }
            levels[b] = 10 * Math.log10(sum / block / (32768.0 * 32768.0));
        }
        return levels;
    }
}
