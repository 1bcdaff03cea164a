package io.github.voxbridge.dsp.pcm;

/**
 * The audio layout of a WAV file as voxbridge reads and writes it: how one sample of one channel is encoded,
 * how many channels are interleaved in a frame, and the sample rate.
 *
 * <pre>
 *   encoding  WAV format tag            bits per sample
 *   u8        0x0001 PCM                8
 *   s16le     0x0001 PCM                16
 *   f32le     0x0003 IEEE_FLOAT         32
 *   alaw      0x0006 ALAW (G.711)       8
 *   mulaw     0x0007 MULAW (G.711)      8
 * </pre>
 * The same four tags are accepted inside WAVE_FORMAT_EXTENSIBLE (0xFFFE) as the first two bytes of the
 * sub-format GUID. {@code s16be} has no WAV form.
 *
 * @param encoding   encoding of each sample of each channel
 * @param channels   interleaved channels per frame: 1 or 2
 * @param sampleRate frames per second (Hz), {@code > 0}
 */
public record WavFormat(SampleEncoding encoding, int channels, int sampleRate) {

    /** WAVE_FORMAT_PCM: integer samples, unsigned at 8 bits and signed little-endian above. */
    public static final int TAG_PCM = 0x0001;
    /** WAVE_FORMAT_IEEE_FLOAT. */
    public static final int TAG_IEEE_FLOAT = 0x0003;
    /** WAVE_FORMAT_ALAW: ITU-T G.711 A-law. */
    public static final int TAG_ALAW = 0x0006;
    /** WAVE_FORMAT_MULAW: ITU-T G.711 mu-law. */
    public static final int TAG_MULAW = 0x0007;
    /** WAVE_FORMAT_EXTENSIBLE: the real tag is in the sub-format GUID. */
    public static final int TAG_EXTENSIBLE = 0xFFFE;

    /**
     * @throws IllegalArgumentException if the encoding has no WAV form, the channel count is not 1 or 2, or
     *                                  the sample rate is not positive
     */
    public WavFormat {
        if (encoding == null || encoding == SampleEncoding.S16BE) {
            throw new IllegalArgumentException("sample encoding " + encoding
                    + " cannot be stored in a WAV file (u8, s16le, f32le, mulaw and alaw can)");
        }
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("unsupported channel count " + channels + " (1 or 2)");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate + " Hz");
        }
    }

    /** The WAV format tag written for this encoding (never {@link #TAG_EXTENSIBLE}). */
    public int formatTag() {
        return switch (encoding) {
            case U8, S16LE, S16BE -> TAG_PCM;
            case F32LE -> TAG_IEEE_FLOAT;
            case ALAW -> TAG_ALAW;
            case MULAW -> TAG_MULAW;
        };
    }

    /** Bits per sample of one channel: 8, 16 or 32. */
    public int bitsPerSample() {
        return encoding.bytesPerSample() * 8;
    }

    /** Bytes per frame (the WAV block align): channels times bytes per sample. */
    public int frameBytes() {
        return channels * encoding.bytesPerSample();
    }

    /** E.g. {@code "s16le mono 8000 Hz"}. */
    @Override
    public String toString() {
        return encoding.id() + (channels == 1 ? " mono " : " stereo ") + sampleRate + " Hz";
    }
}
