package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What WavWriter refuses: too many samples for a 32-bit RIFF size, bad ranges, writes after close. */
class WavWriterLimitsTest {

    @TempDir
    Path dir;

    /**
     * The most samples a WAV file holds: the RIFF size (header - 8 + data + pad byte) must fit in 32 bits.
     * u8: 0xFFFFFFFF - 36 - 1 = 4294967258; s16le: half of that; f32le: (0xFFFFFFFF - 50 - 1) / 4.
     */
    @Test
    void theLargestDeclarableLengthFillsTheRiffSize() throws IOException {
        assertMaximum(SampleEncoding.U8, 4_294_967_258L, 44);
        assertMaximum(SampleEncoding.S16LE, 2_147_483_629L, 44);
        assertMaximum(SampleEncoding.F32LE, 1_073_741_811L, 58);
        assertMaximum(SampleEncoding.MULAW, 4_294_967_244L, 58);
    }

    private static void assertMaximum(SampleEncoding encoding, long max, int headerBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavWriter writer = WavWriter.create(out, encoding, 8000, max);
        byte[] header = out.toByteArray();
        long dataBytes = max * encoding.bytesPerSample();
        assertThat(WavReader.u32(header, headerBytes - 4)).as("data size").isEqualTo(dataBytes);
        assertThat(WavReader.u32(header, 4)).as("RIFF size").isEqualTo(headerBytes - 8 + dataBytes + (dataBytes & 1))
                .isLessThanOrEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(writer::close).isInstanceOf(IOException.class)
                .hasMessage("WAV header declared " + max + " samples but 0 were written");

        assertThatThrownBy(() -> WavWriter.create(new ByteArrayOutputStream(), encoding, 8000, max + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot declare " + (max + 1) + " samples: a WAV file of " + encoding.id() + " holds 0 to "
                        + max + " (or UNKNOWN_LENGTH)");
    }

    /**
     * A stream of unknown length still stops at what a WAV file can hold (its sizes say 0xFFFFFFFF). Pre-encoded
     * blocks into a null stream get there in a few hundred calls.
     */
    @Test
    void aStreamOfUnknownLengthStopsAtTheFourGibibyteLimit() throws IOException {
        long max = 1_073_741_811L; // f32le
        byte[] block = new byte[16 << 20];
        try (WavWriter writer = WavWriter.create(OutputStream.nullOutputStream(), SampleEncoding.F32LE, 48000,
                WavWriter.UNKNOWN_LENGTH)) {
            long bytesLeft = 4 * max;
            while (bytesLeft > 0) {
                int n = (int) Math.min(block.length, bytesLeft);
                writer.writeEncoded(block, 0, n);
                bytesLeft -= n;
            }
            assertThat(writer.samplesWritten()).isEqualTo(max);
            String message = "writing 1 more samples after 1073741811 would exceed the 4 GiB limit of a WAV file:"
                    + " at most 1073741811";
            assertThatThrownBy(() -> writer.writeEncoded(block, 0, 4)).isInstanceOf(IOException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> writer.write(new float[1], 0, 1)).isInstanceOf(IOException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> writer.write(new short[1], 0, 1)).isInstanceOf(IOException.class)
                    .hasMessage(message);
            writer.write(new float[0], 0, 0);
            assertThat(writer.samplesWritten()).isEqualTo(max);
        }
    }

    @Test
    void floatWritesAreCheckedLikeShortWrites() throws IOException {
        WavWriter writer = WavWriter.create(dir.resolve("closed.wav"), SampleEncoding.F32LE, 8000);
        writer.close();
        assertThatThrownBy(() -> writer.write(new float[1], 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("WAV writer is closed");

        try (WavWriter declared = WavWriter.create(new ByteArrayOutputStream(), SampleEncoding.F32LE, 8000, 2)) {
            assertThatThrownBy(() -> declared.write(new float[3], 0, 3)).isInstanceOf(IOException.class)
                    .hasMessage("writing 3 more samples after 0 would exceed the 2 declared in the WAV header");
            declared.write(new float[2], 0, 2);
        }
    }

    @Test
    void negativeAndEmptyCounts() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(out, SampleEncoding.S16LE, 8000, 0)) {
            assertThatThrownBy(() -> writer.write(new short[4], 0, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("negative sample count -1");
            assertThatThrownBy(() -> writer.write(new float[4], 0, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("negative sample count -1");
            writer.write(new short[0], 0, 0);
            writer.write(new float[0], 0, 0);
            assertThat(writer.samplesWritten()).isZero();
        }
        assertThat(out.size()).as("header only").isEqualTo(44);
    }

    /** A range longer than one 16 KiB block is refused as a whole, before any block is written. */
    @Test
    void aBadRangeIsRefusedBeforeAnyBlockIsWritten() throws IOException {
        for (SampleEncoding encoding : new SampleEncoding[] {SampleEncoding.S16LE, SampleEncoding.F32LE}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (WavWriter writer = WavWriter.create(out, encoding, 8000, WavWriter.UNKNOWN_LENGTH)) {
                int headerBytes = out.size();
                assertThatThrownBy(() -> writer.write(new short[10_000], 0, 10_001))
                        .isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("sample range [0, 0 + 10001) is out of bounds for an array of length 10000");
                assertThatThrownBy(() -> writer.write(new float[10_000], 0, 10_001))
                        .isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("sample range [0, 0 + 10001) is out of bounds for an array of length 10000");
                assertThatThrownBy(() -> writer.write(new short[10_000], -1, 9_000))
                        .isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("sample range [-1, -1 + 9000) is out of bounds for an array of length 10000");
                assertThatThrownBy(() -> writer.write(new float[10_000], -1, 9_000))
                        .isInstanceOf(IndexOutOfBoundsException.class)
                        .hasMessage("sample range [-1, -1 + 9000) is out of bounds for an array of length 10000");
                assertThat(out.size()).as(encoding.id() + ": nothing after the header").isEqualTo(headerBytes);
                assertThat(writer.samplesWritten()).isZero();
            }
        }
    }
}
