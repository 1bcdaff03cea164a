package io.github.voxbridge.bench;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import io.github.voxbridge.bench.baseline.LibSoxr;
import io.github.voxbridge.bench.baseline.SoxrResampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * libsoxr, the C resampler, on exactly the work of {@code ResampleBench.processFloat}: one 20 ms chunk of the same
 * speech-like float signal per operation, mono, state carried from chunk to chunk, the same rate pairs under the same
 * {@code pair} parameter, with libsoxr's HQ and VHQ recipes. <strong>libsoxr is not voxbridge code</strong>: it is the
 * bar our {@code hq} preset is measured against, in the same JMH run (benchmarks README, "libsoxr in the same run").
 *
 * <p>Called through {@code java.lang.foreign} ({@link SoxrResampler}), so this class exists only in a
 * {@code benchmarks.jar} built with JDK 22 or newer. {@link #setUp()} fails with "libsoxr not found: apt-get install
 * libsoxr0 ..." when the library is missing, and checks before any measurement that we call it right: a 1 kHz sine
 * comes out at its amplitude and frequency, and the output settles at {@code chunk * 8000 / rate} samples per chunk on
 * average. libsoxr hands its output out in blocks (every seventh chunk or so, nothing in between), so most calls only
 * take input and a few do the filtering: the average time per chunk compares with ours, the SampleTime percentiles
 * do not.
 * The benchmark method allocates nothing on the Java side ({@code -prof gc}: 0 B/op).
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class SoxrResampleBench {

    /** Input rate -> output rate, Hz: the pairs of {@code ResampleBench} that go to 8 kHz. */
    @Param({"24000>8000", "16000>8000", "22050>8000", "44100>8000", "48000>8000"})
    public String pair;

    /** libsoxr's quality recipe: {@code HQ} (20-bit) or {@code VHQ} (28-bit). */
    @Param({"HQ", "VHQ"})
    public String recipe;

    private SoxrResampler resampler;
    private Arena arena;
    /**
     * The signal of {@code ResampleBench} in native memory, one slice per 20 ms chunk, taken in turn as
     * {@code ResampleBench} steps through its array: the slices are made here, so the benchmark allocates nothing.
     */
    private MemorySegment[] chunks;
    private MemorySegment out;
    private int chunk;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LibSoxr.load(); // first, so that a missing library is the first and only failure
        String[] rates = pair.split(">");
        int in = Integer.parseInt(rates[0]);
        int outRate = Integer.parseInt(rates[1]);
        long soxrRecipe = switch (recipe) {
            case "HQ" -> LibSoxr.SOXR_HQ;
            case "VHQ" -> LibSoxr.SOXR_VHQ;
            default -> throw new IllegalArgumentException("recipe " + recipe + ": expected HQ or VHQ");
        };
        chunk = in / 50;
        float[] floats = ResampleBench.speechLike(in);
        SoxrCallCheck.sineKeepsAmplitudeAndFrequency(in, outRate, soxrRecipe);
        SoxrCallCheck.outputPerChunkSettles(in, outRate, soxrRecipe, floats, chunk);
        resampler = SoxrResampler.create(in, outRate, soxrRecipe);
        arena = Arena.ofShared();
        MemorySegment signal = arena.allocate(JAVA_FLOAT, floats.length);
        MemorySegment.copy(floats, 0, signal, JAVA_FLOAT, 0, floats.length);
        chunks = new MemorySegment[floats.length / chunk];
        for (int k = 0; k < chunks.length; k++) {
            chunks[k] = signal.asSlice(k * chunk * JAVA_FLOAT.byteSize(), chunk * JAVA_FLOAT.byteSize());
        }
        out = arena.allocate(JAVA_FLOAT, SoxrCallCheck.outputCapacity(chunk, in, outRate));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resampler.close();
        arena.close();
    }

    private MemorySegment nextChunk() {
        MemorySegment at = chunks[next];
        next = next + 1 == chunks.length ? 0 : next + 1;
        return at;
    }

    @Benchmark
    public int process() {
        return resampler.process(nextChunk(), chunk, out);
    }
}
