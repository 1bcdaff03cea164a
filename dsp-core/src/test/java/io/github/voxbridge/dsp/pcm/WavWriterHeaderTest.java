package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WavWriter's output byte by byte: every header field, the pad byte, and the data as the encoding lays it out. */
class WavWriterHeaderTest {

    @TempDir
    Path dir;

    private static byte[] encoded(SampleEncoding encoding, short... samples) {
        byte[] b = new byte[samples.length * encoding.bytesPerSample()];
        encoding.encode(samples, 0, b, 0, samples.length);
        return b;
    }

    /** RIFF header and a plain 16-byte fmt chunk for mono {@code tag} at {@code rate}. */
    private static RiffBuilder pcmHeader(long riffSize, int tag, int rate, int bytesPerSample) {
        return new RiffBuilder().raw("RIFF").u32(riffSize).raw("WAVE").raw("fmt ").u32(16).u16(tag).u16(1)
                .u32(rate).u32((long) rate * bytesPerSample).u16(bytesPerSample).u16(8 * bytesPerSample);
    }

    /** RIFF header, an 18-byte fmt chunk (cbSize 0) and the fact chunk, for the non-PCM encodings. */
    private static RiffBuilder nonPcmHeader(long riffSize, int tag, int rate, int bytesPerSample, long factCount) {
        return new RiffBuilder().raw("RIFF").u32(riffSize).raw("WAVE").raw("fmt ").u32(18).u16(tag).u16(1)
                .u32(rate).u32((long) rate * bytesPerSample).u16(bytesPerSample).u16(8 * bytesPerSample).u16(0)
                .raw("fact").u32(4).u32(factCount);
    }

    @Test
    void s16leFileWithAnOddSampleCountHasNoPadByte() throws IOException {
        short[] samples = {1, -2, 32767};
        Path file = dir.resolve("s16.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.S16LE, 16000)) {
            assertThat(writer.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 1, 16000));
            writer.write(samples, 0, samples.length);
        }
        byte[] expected = pcmHeader(36 + 6, 1, 16000, 2).raw("data").u32(6)
                .raw(encoded(SampleEncoding.S16LE, samples)).bytes();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.S16LE, 16000, 3)) {
            writer.write(samples, 0, samples.length);
        }
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void u8WithAnOddSampleCountGetsItsPadByte() throws IOException {
        short[] samples = {0, -32768, 32767};
        byte[] expected = pcmHeader(36 + 3 + 1, 1, 8000, 1).raw("data").u32(3)
                .raw(new byte[] {(byte) 128, 0, (byte) 255, 0}).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.U8, 8000, 3)) {
            writer.write(samples, 0, samples.length);
        }
        assertThat(out.toByteArray()).isEqualTo(expected);
        Path file = dir.resolve("u8.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.U8, 8000)) {
            writer.write(samples, 0, samples.length);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void f32leStreamOfUnknownLengthDeclaresEverySizeOpen() throws IOException {
        float[] samples = {0.5f, -1f, Float.MIN_VALUE};
        byte[] data = new byte[12];
        SampleEncoding.F32LE.encode(samples, 0, data, 0, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.F32LE, 44100, WavWriter.UNKNOWN_LENGTH)) {
            writer.write(samples, 0, 3);
        }
        byte[] expected = nonPcmHeader(0xFFFF_FFFFL, 3, 44100, 4, 0xFFFF_FFFFL).raw("data").u32(0xFFFF_FFFFL)
                .raw(data).bytes();
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void u8StreamOfUnknownLengthDeclaresEverySizeOpenAndAddsNoPadByte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.U8, 8000, WavWriter.UNKNOWN_LENGTH)) {
            writer.write(new short[] {256}, 0, 1);
        }
        byte[] expected = pcmHeader(0xFFFF_FFFFL, 1, 8000, 1).raw("data").u32(0xFFFF_FFFFL)
                .raw(new byte[] {(byte) 129}).bytes();
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void alawFileWithTheFactChunk() throws IOException {
        byte[] codes = {(byte) 0xD5, 0x55, 0x2A};
        Path file = dir.resolve("alaw.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.ALAW, 8000)) {
            writer.writeEncoded(codes, 0, 3);
        }
        byte[] expected = nonPcmHeader(50 + 3 + 1, 6, 8000, 1, 3).raw("data").u32(3).raw(codes)
                .raw(new byte[1]).bytes(); // the pad byte
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    /** Pre-encoded s16le bytes count as one sample per two bytes. */
    @Test
    void encodedS16leBytesCountTwoBytesPerSample() throws IOException {
        byte[] data = encoded(SampleEncoding.S16LE, (short) 5, (short) -6, (short) 7);
        Path file = dir.resolve("encoded.wav");
        try (WavWriter writer = WavWriter.create(file, SampleEncoding.S16LE, 22050)) {
            writer.writeEncoded(data, 0, 6);
            assertThat(writer.samplesWritten()).isEqualTo(3);
        }
        assertThat(Files.readAllBytes(file))
                .isEqualTo(pcmHeader(36 + 6, 1, 22050, 2).raw("data").u32(6).raw(data).bytes());
    }

    /** Writes longer than the 16 KiB encoding buffer go through it block by block, in order. */
    @Test
    void aLongWriteIsEncodedBlockByBlock() throws IOException {
        float[] floats = new float[10_004];
        short[] shorts = new short[floats.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (i % 2001 - 1000) / 1000f;
            shorts[i] = (short) (i * 6553);
        }
        for (SampleEncoding encoding : new SampleEncoding[] {SampleEncoding.F32LE, SampleEncoding.S16LE}) {
            int n = 10_001;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (WavWriter writer = WavWriter.create(out, encoding, 8000, 2L * n)) {
                writer.write(floats, 3, n);
                writer.write(shorts, 2, n);
            }
            byte[] bytes = out.toByteArray();
            int header = encoding == SampleEncoding.S16LE ? 44 : 58;
            int b = encoding.bytesPerSample();
            byte[] expected = new byte[2 * n * b];
            encoding.encode(floats, 3, expected, 0, n);
            encoding.encode(shorts, 2, expected, n * b, n);
            assertThat(java.util.Arrays.copyOfRange(bytes, header, bytes.length)).as(encoding.id())
                    .isEqualTo(expected);
        }
    }

    /**
     * close() flushes before it closes: a stream whose close does not flush (OutputStream's own close does not)
     * still gets every byte.
     */
    @Test
    void closeFlushesAStreamWhoseCloseDoesNot() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream buffering = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void flush() {
                sink.writeBytes(pending.toByteArray());
                pending.reset();
            }
        };
        try (WavWriter writer = WavWriter.create(buffering, SampleEncoding.S16LE, 8000, 1)) {
            writer.write(new short[] {-1}, 0, 1);
        }
        assertThat(sink.toByteArray())
                .isEqualTo(pcmHeader(38, 1, 8000, 2).raw("data").u32(2).u16(0xFFFF).bytes());
    }
}
