package io.github.voxbridge.bench.baseline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * <strong>A baseline, not voxbridge code:</strong> what a Java developer gets from the JDK for "24 kHz PCM to 8 kHz
 * mu-law", {@code javax.sound.sampled} format conversion, one chunk at a time.
 *
 * <p>The JDK refuses the conversion in one step ({@code AudioSystem.isConversionSupported(ULAW 8 kHz, PCM_SIGNED
 * 24 kHz)} is false and {@code getAudioInputStream} throws "Unsupported conversion"), so this does what it does
 * offer: PCM_SIGNED 24 kHz to PCM_SIGNED 8 kHz (its sample-rate converter, which filters nothing), then PCM to ULAW.
 * Its output of {@code n} input samples is one sample longer than {@code ceil(n / 3)} when {@code n} is a multiple
 * of 3 (480 samples give 161 bytes), and it allocates streams and buffers on every call.
 */
public final class JavaxSoundConverter {

    private final AudioFormat source;
    private final AudioFormat pcmTarget;

    /** A converter from 16-bit little-endian mono PCM at {@code inRate} Hz to 8 kHz mu-law. */
    public JavaxSoundConverter(int inRate) {
        source = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, inRate, 16, 1, 2, inRate, false);
        pcmTarget = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000, false);
    }

    /** The format the JDK refuses to reach in one step from the source format. */
    public static AudioFormat muLaw8k() {
        return new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
    }

    /** The 16-bit PCM source format. */
    public AudioFormat sourceFormat() {
        return source;
    }

    /** Converts one chunk of little-endian 16-bit samples; returns the mu-law bytes in a new array. */
    public byte[] toMuLaw(byte[] pcm16le, int offset, int length) {
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm16le, offset, length), source,
                length / 2);
             AudioInputStream pcm8k = AudioSystem.getAudioInputStream(pcmTarget, in);
             AudioInputStream ulaw = AudioSystem.getAudioInputStream(AudioFormat.Encoding.ULAW, pcm8k)) {
            return ulaw.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Converts one chunk of little-endian 16-bit samples to 8 kHz 16-bit PCM (the first step alone). */
    public short[] toPcm8k(byte[] pcm16le, int offset, int length) {
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm16le, offset, length), source,
                length / 2);
             AudioInputStream pcm8k = AudioSystem.getAudioInputStream(pcmTarget, in)) {
            byte[] b = pcm8k.readAllBytes();
            short[] s = new short[b.length / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
