package io.github.voxbridge.dsp.internal.simd;

/**
 * The one definition of the float to 16-bit conversion (and back) that the kernels, the codecs and the public
 * {@code io.github.voxbridge.dsp.pcm.Pcm16} all use. It lives here, at the bottom of dsp-core's package graph, so
 * that the kernels depend on nothing above them and {@code codec} does not need {@code pcm} (which needs
 * {@code codec} for its G.711 sample encodings). The contract, clipping and NaN included, is documented on
 * {@code Pcm16}, which delegates here.
 */
public final class Pcm16Conversion {

    /** Scale between float full scale and 16-bit units: {@code 2^15}. */
    public static final float SCALE = 32768f;

    private Pcm16Conversion() {
    }

    /** Float sample (±1.0 full scale) to 16-bit: scaled by 32768, rounded half to even, clipped, NaN to 0. */
    public static short fromFloat(float sample) {
        // Math.min/max propagate NaN and (int) NaN is 0: NaN becomes silence without a branch.
        float clipped = Math.max(-32768f, Math.min(32767f, sample * SCALE));
        return (short) (int) Math.rint(clipped);
    }

    /** 16-bit sample (the low 16 bits of {@code sample}, signed) to float: {@code sample / 32768}. */
    public static float toFloat(int sample) {
        return (short) sample * (1f / SCALE);
    }
}
