package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 20 ms chunk of streaming resampling per operation (480 samples at 24 kHz -> 160 at 8 kHz), the resampler
 * carrying its state from chunk to chunk as in a live call. {@code *Scalar} methods fork with
 * {@code -Dvoxbridge.simd=scalar}: the same code on the portable kernels, measured in the same run.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ResampleBench {

    /** Input rate -> output rate, Hz. */
    @Param({"24000>8000", "16000>8000", "22050>8000", "44100>8000", "48000>8000", "8000>16000"})
    public String pair;

    @Param({"telephony", "hq", "fast", "vhq"})
    public String quality;

    private PolyphaseResampler resampler;
    private float[] floats;
    private short[] shorts;
    private float[] out;
    private int chunk;

    @Setup(Level.Trial)
    public void setUp() {
        String[] rates = pair.split(">");
        int in = Integer.parseInt(rates[0]);
        int outRate = Integer.parseInt(rates[1]);
        ResamplerQuality q = ResamplerQuality.fromId(quality);
        resampler = PolyphaseResampler.create(in, outRate, q);
        chunk = in / 50;
        floats = speechLike(in);
        shorts = new short[in];
        for (int i = 0; i < in; i++) {
            shorts[i] = (short) Math.round(floats[i] * 32767);
        }
        out = new float[resampler.outputSamplesFor(chunk) + resampler.flushSamplesBound() + 64];
    }

    private int offset;

    private int nextOffset() {
        int at = offset;
        offset += chunk;
        if (offset + chunk > floats.length) {
            offset = 0;
        }
        return at;
    }

    @Benchmark
    public int processFloat() {
        return resampler.process(floats, nextOffset(), chunk, out, 0);
    }

    @Benchmark
    public int processShort() {
        return resampler.process(shorts, nextOffset(), chunk, out, 0);
    }

    /**
     * One second of speech-like signal: a gliding fundamental with harmonics, an envelope and a little noise, so
     * that successive chunks differ.
     */
    static float[] speechLike(int rate) {
        Random random = new Random(42);
        float[] x = new float[rate];
        double phase = 0;
        for (int i = 0; i < rate; i++) {
            phase += 2 * Math.PI * (110 + 60 * Math.sin(2 * Math.PI * i / rate)) / rate;
            double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * i / rate);
            x[i] = (float) (envelope * (0.5 * Math.sin(phase) + 0.25 * Math.sin(2 * phase)
                    + 0.12 * Math.sin(5 * phase)) + 0.01 * random.nextGaussian());
        }
        return x;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dvoxbridge.simd=scalar"})
    public int processFloatScalar() {
        return resampler.process(floats, nextOffset(), chunk, out, 0);
    }
}
