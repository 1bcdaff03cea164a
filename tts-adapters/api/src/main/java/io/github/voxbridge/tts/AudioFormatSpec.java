package io.github.voxbridge.tts;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import java.util.Objects;

/**
 * The native format of the audio an engine delivers: mono samples of one {@link SampleEncoding} (which fixes the
 * sample size and, for 16-bit PCM, the byte order) at one rate.
 *
 * @param encoding   how each sample is laid out in bytes, e.g. {@link SampleEncoding#S16BE} for FreeTTS
 * @param sampleRate samples per second (Hz), {@code > 0}
 */
public record AudioFormatSpec(SampleEncoding encoding, int sampleRate) {

    public AudioFormatSpec {
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate + " Hz");
        }
    }

    /** Interleaved channels: always 1, engines deliver mono. */
    public int channels() {
        return 1;
    }

    /** Bytes per second of audio in this format. */
    public int bytesPerSecond() {
        return sampleRate * encoding.bytesPerSample();
    }

    /** Duration in seconds of {@code bytes} bytes of audio in this format (a trailing partial sample counts pro rata). */
    public double seconds(long bytes) {
        return (double) bytes / bytesPerSecond();
    }

    /** E.g. {@code "s16be mono 16000 Hz"}. */
    @Override
    public String toString() {
        return encoding.id() + " mono " + sampleRate + " Hz";
    }
}
