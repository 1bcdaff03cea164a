package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels;
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
 * mu-law bulk encoding and decoding of a speech-like signal ({@link SpeechLikeSignal}), one 20 ms frame
 * (160 samples at 8 kHz) or one second (8000 samples) per operation.
 *
 * <ul>
 *   <li>{@code encode}, {@code encodeFloat}, {@code decode}: the public API, with whatever kernels
 *       the JVM selected (the fork adds {@code jdk.incubator.vector}, so the Vector API ones).</li>
 *   <li>{@code encodeScalar}: the 64K-entry table kernel every JVM can fall back to.</li>
 *   <li>{@code encodeNaive}: the baseline, ITU-T G.191 {@code ulaw_compress} as written in C, with its loop
 *       searching the segment; bit-identical to the others (checked at set-up).</li>
 * </ul>
 * Each operation encodes the next frame of a two-second signal, so neither the branch predictor nor
 * anything else sees the same input twice in a row. Nothing is allocated per operation.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MuLawBench {

    /** Samples per operation: one 20 ms frame at 8 kHz, or one second. */
    @Param({"160", "8000"})
    public int samples;

    private short[] pcm;
    private float[] floats;
    private byte[] codes;
    private byte[] codesOut;
    private short[] pcmOut;
    private int offset;

    @Setup(Level.Trial)
    public void setUp() {
        SpeechLikeSignal signal = SpeechLikeSignal.generate();
        pcm = signal.pcm16();
        floats = signal.floats();
        codes = new byte[pcm.length];
        MuLaw.encode(pcm, 0, codes, 0, pcm.length);
        codesOut = new byte[samples];
        pcmOut = new short[samples];
        checkBaselineAgreesOnEveryInput();
    }

    /** Start of this operation's frame; steps through the signal frame by frame. */
    private int nextOffset() {
        int off = offset;
        int next = off + samples;
        offset = next + samples > pcm.length ? 0 : next;
        return off;
    }

    @Benchmark
    public byte[] encode() {
        MuLaw.encode(pcm, nextOffset(), codesOut, 0, samples);
        return codesOut;
    }

    @Benchmark
    public byte[] encodeFloat() {
        MuLaw.encode(floats, nextOffset(), codesOut, 0, samples);
        return codesOut;
    }

    @Benchmark
    public byte[] encodeScalar() {
        ScalarG711Kernels.INSTANCE.muLawEncode(pcm, nextOffset(), codesOut, 0, samples);
        return codesOut;
    }

    @Benchmark
    public byte[] encodeNaive() {
        ulawCompress(pcm, nextOffset(), codesOut, 0, samples);
        return codesOut;
    }

    @Benchmark
    public short[] decode() {
        MuLaw.decode(codes, nextOffset(), pcmOut, 0, samples);
        return pcmOut;
    }

    /**
     * ITU-T G.191 STL {@code g711.c} {@code ulaw_compress}, transcribed: 14-bit magnitude plus a bias of 33,
     * clipped, the segment found by shifting until nothing is left, complemented code with the sign on top.
     */
    static void ulawCompress(short[] src, int srcOff, byte[] dst, int dstOff, int count) {
        for (int n = 0; n < count; n++) {
            short x = src[srcOff + n];
            int absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33;
            if (absno > 0x1FFF) {
                absno = 0x1FFF;
            }
            int i = absno >> 6;
            int segno = 1;
            while (i != 0) {
                segno++;
                i >>= 1;
            }
            int highNibble = 0x0008 - segno;
            int lowNibble = 0x000F - ((absno >> segno) & 0x000F);
            int code = (highNibble << 4) | lowNibble;
            if (x >= 0) {
                code |= 0x0080;
            }
            dst[dstOff + n] = (byte) code;
        }
    }

    private static void checkBaselineAgreesOnEveryInput() {
        short[] all = new short[1 << 16];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        byte[] expected = new byte[all.length];
        byte[] actual = new byte[all.length];
        MuLaw.encode(all, 0, expected, 0, all.length);
        ulawCompress(all, 0, actual, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            if (expected[i] != actual[i]) {
                throw new IllegalStateException("baseline ulawCompress(" + all[i] + ") = " + actual[i]
                        + " but MuLaw.encode gives " + expected[i]);
            }
        }
    }
}
