package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.EdgeValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link WavWriter} writes, read by a reader that shares no code with ours: the JDK's
 * {@code javax.sound.sampled.AudioSystem} (its WAVE readers and its own mu-law and A-law decoders). Every format
 * the writer has: 16-bit and 8-bit PCM, mu-law, A-law and 32-bit float, each as a seekable file (sizes patched at
 * close) and as a stream with a declared length. The JDK must see the format (encoding, rate, bits, channels,
 * frame size, byte order), the exact number of frames, and the samples.
 */
class WavWriterJdkReaderTest {

    private static final int RATE = 8_000;

    @TempDir
    Path dir;

    /** Every 16-bit value once and then 0 again: an odd count, so the 8-bit formats need their pad byte. */
    private static short[] everyShort() {
        short[] samples = new short[(1 << 16) + 1];
        for (int i = 0; i < 1 << 16; i++) {
            samples[i] = (short) (i - 32768);
        }
        return samples;
    }

    /** A tone with the special floats (NaN, infinities, subnormals, ±1) spliced in; f32le must carry every bit. */
    private static float[] floatsWithEdges() {
        float[] samples = new float[1_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.8 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        System.arraycopy(EdgeValues.SPECIAL_FLOATS, 0, samples, 100, EdgeValues.SPECIAL_FLOATS.length);
        return samples;
    }

    private static AudioFormat.Encoding jdkEncoding(SampleEncoding encoding) {
        return switch (encoding) {
            case S16LE -> AudioFormat.Encoding.PCM_SIGNED;
            case U8 -> AudioFormat.Encoding.PCM_UNSIGNED;
            case MULAW -> AudioFormat.Encoding.ULAW;
            case ALAW -> AudioFormat.Encoding.ALAW;
            case F32LE -> AudioFormat.Encoding.PCM_FLOAT;
            case S16BE -> throw new IllegalArgumentException("s16be has no WAV form");
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SampleEncoding.class, names = "S16BE", mode = EnumSource.Mode.EXCLUDE)
    void theJdkReadsTheFileAndTheStreamAsWritten(SampleEncoding encoding)
            throws IOException, UnsupportedAudioFileException {
        Path file = dir.resolve(encoding.id() + ".wav");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int frames;
        if (encoding == SampleEncoding.F32LE) {
            float[] samples = floatsWithEdges();
            frames = samples.length;
            try (WavWriter writer = WavWriter.create(file, encoding, RATE)) {
                writer.write(samples, 0, 500);
                writer.write(samples, 500, samples.length - 500);
            }
            try (WavWriter writer = WavWriter.create(stream, encoding, RATE, frames)) {
                writer.write(samples, 0, frames);
            }
            for (byte[] wav : new byte[][] {Files.readAllBytes(file), stream.toByteArray()}) {
                byte[] data = readRaw(wav, encoding, frames);
                ByteBuffer floats = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < frames; i++) {
                    assertThat(floats.getInt()).as("float %d (%s) as the JDK reads it", i, samples[i])
                            .isEqualTo(Float.floatToRawIntBits(samples[i]));
                }
            }
            return;
        }
        short[] samples = everyShort();
        frames = samples.length;
        try (WavWriter writer = WavWriter.create(file, encoding, RATE)) {
            writer.write(samples, 0, 40_000);
            writer.write(samples, 40_000, samples.length - 40_000);
        }
        try (WavWriter writer = WavWriter.create(stream, encoding, RATE, frames)) {
            writer.write(samples, 0, frames);
        }
        // What the samples are after a trip through the encoding, by our codecs (G.191-exact, tested elsewhere).
        byte[] encoded = new byte[frames * encoding.bytesPerSample()];
        encoding.encode(samples, 0, encoded, 0, frames);
        short[] expected = new short[frames];
        encoding.decode(encoded, 0, expected, 0, frames);
        if (encoding == SampleEncoding.S16LE) {
            assertThat(expected).isEqualTo(samples);
        }
        for (byte[] wav : new byte[][] {Files.readAllBytes(file), stream.toByteArray()}) {
            byte[] raw = readRaw(wav, encoding, frames);
            assertThat(raw).as("the data chunk as the JDK reads it").isEqualTo(encoded);
            short[] decodedByJdk = encoding == SampleEncoding.U8 ? offsetBinary(raw) : readAsSigned16(wav);
            assertThat(decodedByJdk).as("%s decoded to 16-bit by the JDK", encoding).hasSize(frames);
            for (int i = 0; i < frames; i++) {
                if (decodedByJdk[i] != expected[i]) {
                    assertThat(decodedByJdk[i]).as("sample %d, written as %d", i, samples[i]).isEqualTo(expected[i]);
                }
            }
        }
    }

    /** Opens the WAV bytes with the JDK, checks the format and frame count it sees, and returns the raw data. */
    private static byte[] readRaw(byte[] wav, SampleEncoding encoding, int frames)
            throws IOException, UnsupportedAudioFileException {
        AudioFileFormat fileFormat = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
        assertThat(fileFormat.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getEncoding()).as("encoding").isEqualTo(jdkEncoding(encoding));
            assertThat(format.getSampleRate()).as("sample rate").isEqualTo((float) RATE);
            assertThat(format.getChannels()).as("channels").isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).as("bits").isEqualTo(8 * encoding.bytesPerSample());
            assertThat(format.getFrameSize()).as("frame size").isEqualTo(encoding.bytesPerSample());
            if (encoding.bytesPerSample() > 1) {
                assertThat(format.isBigEndian()).as("big-endian").isFalse();
            }
            assertThat(in.getFrameLength()).as("frames").isEqualTo(frames);
            return readFully(in);
        }
    }

    /** The samples decoded by the JDK's own converters into 16-bit signed little-endian PCM. */
    private static short[] readAsSigned16(byte[] wav) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat source = in.getFormat();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16, 1, 2,
                    source.getSampleRate(), false);
            AudioInputStream converted = source.matches(target) ? in : AudioSystem.getAudioInputStream(target, in);
            byte[] bytes = readFully(converted);
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            return samples;
        }
    }

    /**
     * 8-bit WAV PCM decoded by its definition (unsigned, 128 is zero, one step is 256 in 16-bit units): the JDK's
     * own 8-to-16-bit path goes through floats scaled by 1/127 and 32767 (code 129 becomes 258, not 256), another
     * convention, so the bytes the JDK delivered are decoded here.
     */
    private static short[] offsetBinary(byte[] raw) {
        short[] samples = new short[raw.length];
        for (int i = 0; i < raw.length; i++) {
            samples[i] = (short) (((raw[i] & 0xFF) - 128) * 256);
        }
        return samples;
    }

    private static byte[] readFully(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
