package io.github.voxbridge.dsp.pcm;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How one mono sample is laid out in bytes, and the block conversions between bytes and {@code short[]}
 * (16-bit linear) or {@code float[]} (±1.0 full scale) samples.
 *
 * <pre>
 *   id      bytes  layout
 *   s16le   2      signed 16-bit, little-endian (WAV, most TTS engines)
 *   s16be   2      signed 16-bit, big-endian (FreeTTS, AIFF, network order)
 *   f32le   4      IEEE 754 float, little-endian, full scale ±1.0
 *   u8      1      unsigned 8-bit, silence at 128 (8-bit WAV)
 *   mulaw   1      ITU-T G.711 mu-law code
 *   alaw    1      ITU-T G.711 A-law code
 * </pre>
 *
 * <p>Conversions to 16-bit: floats go through {@link Pcm16#fromFloat(float)} (rounded, clipped, NaN to 0);
 * u8 is {@code (b - 128) << 8}. Conversions to float divide a 16-bit value by 32768; f32 passes through
 * unchanged (NaN and out-of-range values included: converting does not judge them). Encoding floats to f32le
 * writes them unchanged; encoding to the 16-bit, 8-bit and G.711 formats quantises as described.
 *
 * <p>Block methods take offsets in array elements and a count in samples; the byte range is
 * {@code samples * bytesPerSample()} long. They allocate nothing.
 */
public enum SampleEncoding {
    S16LE("s16le", 2),
    S16BE("s16be", 2),
    F32LE("f32le", 4),
    U8("u8", 1),
    MULAW("mulaw", 1),
    ALAW("alaw", 1);

    private final String id;
    private final int bytesPerSample;

    SampleEncoding(String id, int bytesPerSample) {
        this.id = id;
        this.bytesPerSample = bytesPerSample;
    }

    /** The lower-case name used on the command line and in messages, e.g. {@code "s16le"}. */
    public String id() {
        return id;
    }

    /** Bytes per sample: 1, 2 or 4. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /**
     * The encoding with the given id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the valid ids if there is none
     */
    public static SampleEncoding fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (SampleEncoding e : values()) {
                if (e.id.equals(wanted)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown sample encoding '" + id + "' (expected one of "
                + Arrays.stream(values()).map(SampleEncoding::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }

    /** Decodes {@code samples} samples from {@code src} (bytes) into 16-bit samples. */
    public void decode(byte[] src, int srcOff, short[] dst, int dstOff, int samples) {
        checkBytes(src.length, srcOff, samples);
        checkSamples(dst.length, dstOff, samples);
        switch (this) {
            case S16LE -> {
                for (int i = 0; i < samples; i++) {
                    int b = srcOff + 2 * i;
                    dst[dstOff + i] = (short) ((src[b] & 0xFF) | (src[b + 1] << 8));
                }
            }
            case S16BE -> {
                for (int i = 0; i < samples; i++) {
                    int b = srcOff + 2 * i;
                    dst[dstOff + i] = (short) ((src[b] << 8) | (src[b + 1] & 0xFF));
                }
            }
            case F32LE -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOff + i] = Pcm16.fromFloat(readF32le(src, srcOff + 4 * i));
                }
            }
            case U8 -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOff + i] = (short) (((src[srcOff + i] & 0xFF) - 128) << 8);
                }
            }
            case MULAW -> MuLaw.decode(src, srcOff, dst, dstOff, samples);
            case ALAW -> ALaw.decode(src, srcOff, dst, dstOff, samples);
        }
    }

    /** Decodes {@code samples} samples from {@code src} (bytes) into float samples (±1.0 full scale). */
    public void decode(byte[] src, int srcOff, float[] dst, int dstOff, int samples) {
        checkBytes(src.length, srcOff, samples);
        checkSamples(dst.length, dstOff, samples);
        switch (this) {
            case F32LE -> {
                for (int i = 0; i < samples; i++) {
                    dst[dstOff + i] = readF32le(src, srcOff + 4 * i);
                }
            }
            case MULAW -> MuLaw.decode(src, srcOff, dst, dstOff, samples);
            case ALAW -> ALaw.decode(src, srcOff, dst, dstOff, samples);
            default -> {
                // s16 and u8: one sample at a time through the 16-bit path, without a scratch array.
                for (int i = 0; i < samples; i++) {
                    dst[dstOff + i] = Pcm16.toFloat(decodeOne(src, srcOff + i * bytesPerSample));
                }
            }
        }
    }

    /** Encodes {@code samples} 16-bit samples into {@code dst} (bytes). */
    public void encode(short[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        checkSamples(src.length, srcOff, samples);
        checkBytes(dst.length, dstOff, samples);
        switch (this) {
            case MULAW -> MuLaw.encode(src, srcOff, dst, dstOff, samples);
            case ALAW -> ALaw.encode(src, srcOff, dst, dstOff, samples);
            case F32LE -> {
                for (int i = 0; i < samples; i++) {
                    writeF32le(Pcm16.toFloat(src[srcOff + i]), dst, dstOff + 4 * i);
                }
            }
            default -> {
                for (int i = 0; i < samples; i++) {
                    encodeOne(src[srcOff + i], dst, dstOff + i * bytesPerSample);
                }
            }
        }
    }

    /** Encodes {@code samples} float samples (±1.0 full scale) into {@code dst} (bytes). */
    public void encode(float[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        checkSamples(src.length, srcOff, samples);
        checkBytes(dst.length, dstOff, samples);
        switch (this) {
            case MULAW -> MuLaw.encode(src, srcOff, dst, dstOff, samples);
            case ALAW -> ALaw.encode(src, srcOff, dst, dstOff, samples);
            case F32LE -> {
                for (int i = 0; i < samples; i++) {
                    writeF32le(src[srcOff + i], dst, dstOff + 4 * i);
                }
            }
            default -> {
                for (int i = 0; i < samples; i++) {
                    encodeOne(Pcm16.fromFloat(src[srcOff + i]), dst, dstOff + i * bytesPerSample);
                }
            }
        }
    }

    private short decodeOne(byte[] src, int at) {
        return switch (this) {
            case S16LE -> (short) ((src[at] & 0xFF) | (src[at + 1] << 8));
            case S16BE -> (short) ((src[at] << 8) | (src[at + 1] & 0xFF));
            case F32LE -> Pcm16.fromFloat(readF32le(src, at));
            case U8 -> (short) (((src[at] & 0xFF) - 128) << 8);
            case MULAW -> MuLaw.decode(src[at]);
            case ALAW -> ALaw.decode(src[at]);
        };
    }

    private void encodeOne(short sample, byte[] dst, int at) {
        switch (this) {
            case S16LE -> {
                dst[at] = (byte) sample;
                dst[at + 1] = (byte) (sample >> 8);
            }
            case S16BE -> {
                dst[at] = (byte) (sample >> 8);
                dst[at + 1] = (byte) sample;
            }
            case F32LE -> writeF32le(Pcm16.toFloat(sample), dst, at);
            // Rounding the low byte to nearest would overflow at +32767; truncation is what 8-bit WAV tools do.
            case U8 -> dst[at] = (byte) ((sample >> 8) + 128);
            case MULAW -> dst[at] = MuLaw.encode(sample);
            case ALAW -> dst[at] = ALaw.encode(sample);
        }
    }

    private static float readF32le(byte[] src, int at) {
        int bits = (src[at] & 0xFF) | (src[at + 1] & 0xFF) << 8 | (src[at + 2] & 0xFF) << 16 | src[at + 3] << 24;
        return Float.intBitsToFloat(bits);
    }

    private static void writeF32le(float value, byte[] dst, int at) {
        int bits = Float.floatToRawIntBits(value);
        dst[at] = (byte) bits;
        dst[at + 1] = (byte) (bits >> 8);
        dst[at + 2] = (byte) (bits >> 16);
        dst[at + 3] = (byte) (bits >> 24);
    }

    private void checkBytes(int arrayLength, int offset, int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("negative sample count " + samples);
        }
        long bytes = (long) samples * bytesPerSample;
        if (offset < 0 || offset > arrayLength - bytes) {
            throw new IndexOutOfBoundsException("byte range [" + offset + ", " + offset + " + " + bytes + ") for "
                    + samples + " " + id + " samples is out of bounds for an array of length " + arrayLength);
        }
    }

    private static void checkSamples(int arrayLength, int offset, int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("negative sample count " + samples);
        }
        if (offset < 0 || offset > arrayLength - samples) {
            throw new IndexOutOfBoundsException("sample range [" + offset + ", " + offset + " + " + samples
                    + ") is out of bounds for an array of length " + arrayLength);
        }
    }
}
