package io.github.voxbridge.dsp.codec;

import io.github.voxbridge.dsp.internal.simd.G711Kernels;
import io.github.voxbridge.dsp.internal.simd.Pcm16Conversion;
import io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels;
import io.github.voxbridge.dsp.internal.simd.VectorizationProvider;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/**
 * ITU-T G.711 mu-law (North America, Japan; what Twilio Media Streams carry), bit-exact with the reference implementation in ITU-T G.191 (STL {@code g711.c}) for all
 * 65,536 16-bit inputs and all 256 codes.
 *
 * <p>The encoder takes the 14-bit magnitude (input {@code >> 2}), adds a bias of 33 and stores the complement of sign|segment|mantissa: {@code encode(0) == 0xFF}, inputs -1..-4 give {@code 0x7F}, and magnitudes from 32636 up clip to the top code. The round-trip error {@code |x - decode(encode(x))|} is at most half the quantisation step of x's segment (4, 8, ... 512) for {@code -32636 <= x <= 32635}.
 *
 * <p>Samples are 16-bit linear PCM ({@code short}) or float at ±1.0 full scale; float input is scaled by
 * 32768, rounded to nearest (ties to even), clipped to {@code [-32768, 32767]}, and NaN encodes as silence
 * (see {@link io.github.voxbridge.dsp.pcm.Pcm16#fromFloat(float)}). Decoded samples span ±32124 (16-bit
 * units); decoded floats are those values divided by 32768.
 *
 * <p>Bulk methods take an offset and a count in samples (one code is one byte and one sample), never
 * allocate, and run on the Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (and on portable table-driven loops otherwise; the results are identical). They check their
 * ranges and throw {@link IndexOutOfBoundsException} naming the offending range before writing anything.
 * Thread-safe: the class holds no mutable state.
 */
public final class MuLaw {

    /** The code of a zero sample ({@code encode(0)}): what to pad a frame with. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final G711Kernels KERNELS = VectorizationProvider.getInstance().g711();

    private MuLaw() {
    }

    /** Encodes one 16-bit sample. */
    public static byte encode(short sample) {
        return ScalarG711Kernels.muLawEncodeByTable(sample);
    }

    /** Encodes one float sample (±1.0 full scale). */
    public static byte encode(float sample) {
        return ScalarG711Kernels.muLawEncodeByTable(Pcm16Conversion.fromFloat(sample));
    }

    /** Decodes one code to a 16-bit sample. */
    public static short decode(byte code) {
        return ScalarG711Kernels.muLawDecodeByTable(code);
    }

    /**
     * Encodes {@code count} 16-bit samples.
     *
     * @param src    samples
     * @param srcOff index of the first sample in {@code src}
     * @param dst    receives one code per sample
     * @param dstOff index in {@code dst} of the first code
     * @param count  number of samples (and codes), {@code >= 0}
     */
    public static void encode(short[] src, int srcOff, byte[] dst, int dstOff, int count) {
        BulkRange.check("source", src.length, srcOff, count);
        BulkRange.check("destination", dst.length, dstOff, count);
        KERNELS.muLawEncode(src, srcOff, dst, dstOff, count);
    }

    /**
     * Encodes {@code count} float samples (±1.0 full scale; clipped, NaN as silence).
     *
     * @param src    samples
     * @param srcOff index of the first sample in {@code src}
     * @param dst    receives one code per sample
     * @param dstOff index in {@code dst} of the first code
     * @param count  number of samples (and codes), {@code >= 0}
     */
    public static void encode(float[] src, int srcOff, byte[] dst, int dstOff, int count) {
        BulkRange.check("source", src.length, srcOff, count);
        BulkRange.check("destination", dst.length, dstOff, count);
        KERNELS.muLawEncode(src, srcOff, dst, dstOff, count);
    }

    /**
     * Decodes {@code count} codes to 16-bit samples.
     *
     * @param src    codes
     * @param srcOff index of the first code in {@code src}
     * @param dst    receives one sample per code
     * @param dstOff index in {@code dst} of the first sample
     * @param count  number of codes (and samples), {@code >= 0}
     */
    public static void decode(byte[] src, int srcOff, short[] dst, int dstOff, int count) {
        BulkRange.check("source", src.length, srcOff, count);
        BulkRange.check("destination", dst.length, dstOff, count);
        KERNELS.muLawDecode(src, srcOff, dst, dstOff, count);
    }

    /**
     * Decodes {@code count} codes to float samples ({@code sample / 32768}).
     *
     * @param src    codes
     * @param srcOff index of the first code in {@code src}
     * @param dst    receives one sample per code
     * @param dstOff index in {@code dst} of the first sample
     * @param count  number of codes (and samples), {@code >= 0}
     */
    public static void decode(byte[] src, int srcOff, float[] dst, int dstOff, int count) {
        BulkRange.check("source", src.length, srcOff, count);
        BulkRange.check("destination", dst.length, dstOff, count);
        KERNELS.muLawDecode(src, srcOff, dst, dstOff, count);
    }

    /**
     * Encodes all remaining samples of {@code src} into {@code dst}, advancing both positions. Array-backed
     * buffers take the bulk kernel; others are encoded sample by sample. Nothing is allocated.
     *
     * @throws IllegalArgumentException if {@code dst} has fewer bytes remaining than {@code src} has samples,
     *                                  or is read-only (nothing is consumed or written then)
     */
    public static void encode(ShortBuffer src, ByteBuffer dst) {
        BulkRange.checkRoom(src, dst);
        int count = src.remaining();
        if (src.hasArray() && dst.hasArray()) {
            KERNELS.muLawEncode(src.array(), src.arrayOffset() + src.position(),
                    dst.array(), dst.arrayOffset() + dst.position(), count);
            src.position(src.position() + count);
            dst.position(dst.position() + count);
        } else {
            for (int i = 0; i < count; i++) {
                dst.put(encode(src.get()));
            }
        }
    }

    /**
     * Decodes all remaining codes of {@code src} into {@code dst}, advancing both positions. Nothing is
     * allocated.
     *
     * @throws IllegalArgumentException if {@code dst} has fewer samples remaining than {@code src} has codes,
     *                                  or is read-only (nothing is consumed or written then)
     */
    public static void decode(ByteBuffer src, ShortBuffer dst) {
        BulkRange.checkRoom(src, dst);
        int count = src.remaining();
        if (src.hasArray() && dst.hasArray()) {
            KERNELS.muLawDecode(src.array(), src.arrayOffset() + src.position(),
                    dst.array(), dst.arrayOffset() + dst.position(), count);
            src.position(src.position() + count);
            dst.position(dst.position() + count);
        } else {
            for (int i = 0; i < count; i++) {
                dst.put(decode(src.get()));
            }
        }
    }
}
