package io.github.voxbridge.bench;

import io.github.voxbridge.bench.baseline.JavaxSoundConverter;
import io.github.voxbridge.bench.baseline.NaiveSincResampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The alternatives to voxbridge a Java developer would reach for, on the same unit of work as
 * {@link ResampleBench} and {@link TelephonyEncoderBench} (one 20 ms chunk at 24 kHz, the same signal), so that the
 * ratios ours / theirs come from one run:
 *
 * <ul>
 *   <li>{@code naiveSinc}: {@link NaiveSincResampler}, the stateless per-chunk windowed-sinc resampler of
 *       tutorials, float in and out; compare with {@code ResampleBench.processFloat} (24000>8000, telephony).</li>
 *   <li>{@code javaxSoundMuLaw}: {@link JavaxSoundConverter}, {@code javax.sound.sampled} conversion of 16-bit PCM to
 *       8 kHz mu-law; compare with {@code TelephonyEncoderBench.fusedMuLaw} (inputRate 24000).</li>
 * </ul>
 * Both allocate per chunk, as the code they stand for does; neither is held to zero allocation.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class BaselineResampleBench {

    private static final int RATE = 24000;
    private static final int CHUNK = RATE / 50;

    private float[] floats;
    private byte[] pcm16le;
    private JavaxSoundConverter javax;
    private int offset;

    @Setup(Level.Trial)
    public void setUp() {
        floats = ResampleBench.speechLike(RATE);
        pcm16le = new byte[2 * RATE];
        for (int i = 0; i < RATE; i++) {
            short s = (short) Math.round(floats[i] * 32767);
            pcm16le[2 * i] = (byte) s;
            pcm16le[2 * i + 1] = (byte) (s >> 8);
        }
        javax = new JavaxSoundConverter(RATE);
    }

    private int nextOffset() {
        int at = offset;
        offset += CHUNK;
        if (offset + CHUNK > floats.length) {
            offset = 0;
        }
        return at;
    }

    @Benchmark
    public float[] naiveSinc() {
        return NaiveSincResampler.resample(floats, nextOffset(), CHUNK, RATE, 8000);
    }

    @Benchmark
    public byte[] javaxSoundMuLaw() {
        return javax.toMuLaw(pcm16le, 2 * nextOffset(), 2 * CHUNK);
    }
}
