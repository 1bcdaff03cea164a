package io.github.voxbridge.dsp.pcm;

import io.github.voxbridge.dsp.internal.simd.Pcm16Conversion;

/**
 * Conversions between float samples (full scale ±1.0) and 16-bit linear PCM.
 *
 * <p>The float scale is the one used by {@code javax.sound}, WAV float files and most TTS engines:
 * a 16-bit sample {@code s} is the float {@code s / 32768}. The reverse conversion scales by 32768,
 * rounds to nearest (ties to even, the IEEE 754 default), and clips to {@code [-32768, 32767]}, so
 * {@code +1.0f} becomes 32767 and anything above or below full scale (including infinities) is
 * clipped. NaN has no meaningful sample value and becomes 0 (silence), so a single bad sample from
 * an engine cannot turn into a full-scale click.
 */
public final class Pcm16 {

    /** Scale between float full scale and 16-bit units: {@code 2^15}. */
    public static final float SCALE = Pcm16Conversion.SCALE;

    private Pcm16() {
    }

    /**
     * Converts one float sample to 16-bit linear PCM.
     *
     * @param sample full scale ±1.0; any value is accepted (see the class comment for clipping and NaN)
     * @return the 16-bit sample, in {@code [-32768, 32767]}
     */
    public static short fromFloat(float sample) {
        return Pcm16Conversion.fromFloat(sample);
    }

    /**
     * Converts one 16-bit sample to float.
     *
     * @param sample a 16-bit sample (only the low 16 bits are used, as a signed value)
     * @return {@code sample / 32768}, in {@code [-1.0, 1.0)}
     */
    public static float toFloat(int sample) {
        return Pcm16Conversion.toFloat(sample);
    }
}
