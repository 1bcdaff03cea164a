package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {

    @TempDir
    Path dir;

    /** A 440 Hz tone at 8 kHz with an odd length, so 8-bit formats need their pad byte. */
    private static float[] tone(int samples) {
        float[] tone = new float[samples];
        for (int i = 0; i < samples; i++) {
            tone[i] = (float) (0.8 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return tone;
    }

    /** What a sample looks like after a trip through {@code encoding}. */
    private static float[] quantised(SampleEncoding encoding, float[] samples) {
        byte[] bytes = new byte[samples.length * encoding.bytesPerSample()];
        encoding.encode(samples, 0, bytes, 0, samples.length);
        float[] back = new float[samples.length];
        encoding.decode(bytes, 0, back, 0, samples.length);
        return back;
    }

    @ParameterizedTest
    @EnumSource(value = SampleEncoding.class, names = "S16BE", mode = EnumSource.Mode.EXCLUDE)
    void aFileReadsBackAsWritten(SampleEncoding encoding) throws IOException {
        float[] tone = tone(1001);
        Path file = dir.resolve(encoding.id() + ".wav");
        try (WavWriter writer = WavWriter.create(file, encoding, 8000)) {
            writer.write(tone, 0, 500);
            writer.write(tone, 500, 501);
            assertThat(writer.samplesWritten()).isEqualTo(1001);
        }
        int header = encoding == SampleEncoding.S16LE || encoding == SampleEncoding.U8 ? 44 : 58;
        long data = 1001L * encoding.bytesPerSample();
        assertThat(Files.size(file)).isEqualTo(header + data + (data & 1));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(WavReader.u32(bytes, 4)).isEqualTo(Files.size(file) - 8);
        assertThat(WavReader.u32(bytes, header - 4)).isEqualTo(data);

        try (WavReader reader = WavReader.open(file)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(encoding, 1, 8000));
            assertThat(reader.frames()).isEqualTo(1001);
            assertThat(reader.readAllFloats()).containsExactly(quantised(encoding, tone));
        }
    }

    @Test
    void shortsAreWrittenExactly() throws IOException {
        short[] samples = {0, 1, -1, 32767, -32768, 12345};
        Path file = dir.resolve("s16.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.S16LE, 16000)) {
            writer.write(samples, 0, samples.length);
        }
        try (WavReader reader = WavReader.open(file)) {
            assertThat(reader.format().sampleRate()).isEqualTo(16000);
            assertThat(reader.readAllShorts()).containsExactly(samples);
        }
    }

    @Test
    void aStreamWithADeclaredLengthMatchesTheFile() throws IOException {
        float[] tone = tone(333);
        Path file = dir.resolve("mulaw.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.MULAW, 8000)) {
            writer.write(tone, 0, tone.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.MULAW, 8000, 333)) {
            writer.write(tone, 0, tone.length);
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aStreamOfUnknownLengthIsReadToTheEnd() throws IOException {
        float[] tone = tone(101);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.ALAW, 8000, WavWriter.UNKNOWN_LENGTH)) {
            writer.write(tone, 0, tone.length);
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(58 + 101); // no pad byte: the size is open-ended
        assertThat(WavReader.u32(bytes, 54)).isEqualTo(0xFFFF_FFFFL);
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(bytes))) {
            assertThat(reader.frames()).isEqualTo(-1);
            assertThat(reader.readAllFloats()).containsExactly(quantised(SampleEncoding.ALAW, tone));
        }
    }

    @Test
    void encodedBytesAreWrittenUnchanged() throws IOException {
        byte[] codes = new byte[257]; // every mu-law code (0x7F and 0xFF both decode to 0) and an odd length
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) i;
        }
        Path file = dir.resolve("codes.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.MULAW, 8000)) {
            writer.writeEncoded(codes, 0, 100);
            writer.writeEncoded(codes, 100, 157);
            assertThat(writer.samplesWritten()).isEqualTo(257);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(58 + 257 + 1);
        assertThat(java.util.Arrays.copyOfRange(bytes, 58, 58 + 257)).isEqualTo(codes);
        try (WavReader reader = WavReader.open(file)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.MULAW, 1, 8000));
            assertThat(reader.frames()).isEqualTo(257);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.MULAW, 8000, 257)) {
            writer.writeEncoded(codes, 0, 257);
        }
        assertThat(out.toByteArray()).isEqualTo(bytes);

        WavWriter s16 = WavWriter.create(new ByteArrayOutputStream(), SampleEncoding.S16LE, 8000, 1);
        assertThatThrownBy(() -> s16.writeEncoded(codes, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes is not a whole number of s16le samples");
        assertThatThrownBy(() -> s16.writeEncoded(codes, 0, 4)).isInstanceOf(IOException.class)
                .hasMessageContaining("declared");
        assertThatThrownBy(() -> s16.writeEncoded(codes, 256, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aStreamMustGetExactlyTheDeclaredSamples() throws IOException {
        WavWriter fewer = WavWriter.create(new ByteArrayOutputStream(), SampleEncoding.S16LE, 8000, 10);
        fewer.write(new short[9], 0, 9);
        assertThatThrownBy(fewer::close).isInstanceOf(IOException.class)
                .hasMessage("WAV header declared 10 samples but 9 were written");

        try (WavWriter more = WavWriter.create(new ByteArrayOutputStream(), SampleEncoding.S16LE, 8000, 10)) {
            more.write(new short[8], 0, 8);
            assertThatThrownBy(() -> more.write(new short[3], 0, 3)).isInstanceOf(IOException.class)
                    .hasMessage("writing 3 more samples after 8 would exceed the 10 declared in the WAV header");
            more.write(new short[2], 0, 2);
        }
    }

    @Test
    void badArguments() throws IOException {
        assertThatThrownBy(() -> WavWriter.create(dir.resolve("be.wav"), SampleEncoding.S16BE, 8000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample encoding s16be cannot be stored in a WAV file (u8, s16le, f32le, mulaw and alaw can)");
        assertThatThrownBy(() -> WavWriter.create(dir.resolve("zero.wav"), SampleEncoding.S16LE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample rate must be positive, was 0 Hz");
        assertThatThrownBy(() -> WavWriter.create(new ByteArrayOutputStream(), SampleEncoding.S16LE, 8000, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot declare -2 samples");
        try (WavWriter writer = WavWriter.create(dir.resolve("x.wav"), SampleEncoding.F32LE, 8000)) {
            assertThatThrownBy(() -> writer.write(new float[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("sample range [1, 1 + 2) is out of bounds for an array of length 2");
        }
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        WavWriter writer = WavWriter.create(dir.resolve("closed.wav"), SampleEncoding.S16LE, 8000);
        writer.close();
        writer.close(); // idempotent
        assertThatThrownBy(() -> writer.write(new short[1], 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("WAV writer is closed");
    }
}
