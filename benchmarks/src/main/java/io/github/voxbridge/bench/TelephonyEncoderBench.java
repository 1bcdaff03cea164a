package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.resample.TelephonyEncoder;
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
 * The Twilio hot path fused: one 20 ms chunk of 16-bit PCM at the TTS rate to 160 bytes of 8 kHz mu-law, telephony
 * preset, state carried across chunks.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class TelephonyEncoderBench {

    @Param({"24000", "16000", "48000"})
    public int inputRate;

    private TelephonyEncoder encoder;
    private short[] shorts;
    private byte[] codes;
    private int chunk;
    private int offset;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = TelephonyEncoder.muLaw(inputRate);
        chunk = inputRate / 50;
        float[] floats = ResampleBench.speechLike(inputRate);
        shorts = new short[inputRate];
        for (int i = 0; i < inputRate; i++) {
            shorts[i] = (short) Math.round(floats[i] * 32767);
        }
        codes = new byte[encoder.outputBytesFor(chunk) + encoder.resampler().flushSamplesBound() + 64];
    }

    @Benchmark
    public int fusedMuLaw() {
        int at = offset;
        offset += chunk;
        if (offset + chunk > shorts.length) {
            offset = 0;
        }
        return encoder.encode(shorts, at, chunk, codes, 0);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dvoxbridge.simd=scalar"})
    public int fusedMuLawScalar() {
        return fusedMuLaw();
    }
}
