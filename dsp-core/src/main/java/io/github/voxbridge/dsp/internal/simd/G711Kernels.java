package io.github.voxbridge.dsp.internal.simd;

/**
 * The bulk G.711 loops, in one implementation per instruction set. Callers ({@code MuLaw}, {@code ALaw})
 * have checked every offset and length; implementations do no checking of their own beyond what the JVM
 * does for array access, and allocate nothing.
 *
 * <p>Every implementation must produce output bit-identical to {@link ScalarG711Kernels}, which is
 * itself checked against ITU-T G.191 for all 65,536 inputs.
 */
public interface G711Kernels {

    /** mu-law encodes {@code len} 16-bit samples. */
    void muLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len);

    /** mu-law encodes {@code len} float samples (±1.0 full scale, see {@link Pcm16Conversion#fromFloat(float)}). */
    void muLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len);

    /** mu-law decodes {@code len} codes to 16-bit samples. */
    void muLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len);

    /** mu-law decodes {@code len} codes to float samples ({@code sample / 32768}). */
    void muLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len);

    /** A-law encodes {@code len} 16-bit samples. */
    void aLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len);

    /** A-law encodes {@code len} float samples (±1.0 full scale, see {@link Pcm16Conversion#fromFloat(float)}). */
    void aLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len);

    /** A-law decodes {@code len} codes to 16-bit samples. */
    void aLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len);

    /** A-law decodes {@code len} codes to float samples ({@code sample / 32768}). */
    void aLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len);
}
