package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-built WAV headers, each wrong in one way, and the less common layouts the reader must accept. */
class WavReaderTest {

    private static final byte[] GUID_TAIL = WavReader.SUBFORMAT_GUID_TAIL;

    @TempDir
    Path dir;

    private static WavReader open(byte[] bytes) throws IOException {
        return WavReader.open(new ByteArrayInputStream(bytes));
    }

    private static void assertRejected(byte[] bytes, String message) {
        assertThatThrownBy(() -> open(bytes)).isInstanceOf(WavFormatException.class).hasMessage(message);
    }

    private static byte[] s16(int... samples) {
        byte[] b = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    @Test
    void notRiff() {
        assertRejected(new RiffBuilder().raw("OggS").u32(0).raw("vorb").bytes(),
                "not a RIFF/WAVE file: starts with 'OggS'");
        assertRejected(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x44, 0, 0, 0, 0, 0, 0, 0, 0},
                "not a RIFF/WAVE file: starts with 0xFFFB9044");
        assertRejected(new RiffBuilder().raw("RF64").u32(-1).raw("WAVE").bytes(),
                "not a RIFF/WAVE file: starts with 'RF64' (RF64 is not supported)");
    }

    @Test
    void riffButNotWave() {
        assertRejected(new RiffBuilder().raw("RIFF").u32(4).raw("AVI ").bytes(),
                "not a RIFF/WAVE file: RIFF form type is 'AVI ', expected 'WAVE'");
    }

    @Test
    void truncatedHeaders() {
        assertRejected(new byte[0],
                "truncated header: the stream ended after 0 bytes, a WAV file starts with a 12-byte RIFF header");
        assertRejected(new RiffBuilder().raw("RIFF").u16(0).bytes(),
                "truncated header: the stream ended after 6 bytes, a WAV file starts with a 12-byte RIFF header");
        assertRejected(RiffBuilder.wave().raw("fmt ").bytes(),
                "truncated header: chunk header at byte offset 12 has 4 of 8 bytes");
        byte[] fmtCut = RiffBuilder.wave().raw("fmt ").u32(16).raw(new byte[10]).bytes();
        assertRejected(fmtCut, "truncated 'fmt ' chunk at byte offset 12: declares 16 bytes but the stream ended"
                + " after 10: 6 bytes missing");
    }

    @Test
    void missingChunks() {
        assertRejected(RiffBuilder.wave().chunk("LIST", new byte[6]).bytes(),
                "missing fmt chunk: the stream ended at byte offset 26 without one");
        assertRejected(RiffBuilder.wave().fmt(1, 1, 8000, 16).bytes(),
                "missing data chunk: the stream ended at byte offset 36 without one");
        assertRejected(RiffBuilder.wave().data(4, new byte[4]).fmt(1, 1, 8000, 16).bytes(),
                "missing fmt chunk: data chunk at byte offset 12 comes before any fmt chunk");
    }

    @Test
    void fmtTooShort() {
        assertRejected(RiffBuilder.wave().chunk("fmt ", new byte[14]).bytes(),
                "fmt chunk at byte offset 12 is 14 bytes, need at least 16");
    }

    @Test
    void unsupportedFormatTagsAreNamed() {
        assertRejected(RiffBuilder.wave().fmt(0x0002, 1, 8000, 4).data(0, new byte[0]).bytes(),
                "unsupported WAV format tag 0x0002 (ADPCM)");
        assertRejected(RiffBuilder.wave().fmt(0x0055, 1, 8000, 0).data(0, new byte[0]).bytes(),
                "unsupported WAV format tag 0x0055 (MPEG Layer 3)");
        assertRejected(RiffBuilder.wave().fmt(0x1234, 1, 8000, 16).data(0, new byte[0]).bytes(),
                "unsupported WAV format tag 0x1234");
        // Inside WAVE_FORMAT_EXTENSIBLE the sub-format is what counts.
        assertRejected(RiffBuilder.wave().fmtExtensible(0x0002, 1, 8000, 16, GUID_TAIL).data(0, new byte[0]).bytes(),
                "unsupported WAV format tag 0x0002 (ADPCM)");
    }

    @Test
    void extensibleWithAForeignGuid() {
        byte[] ambisonic = GUID_TAIL.clone();
        ambisonic[4] = 0x21; // vendor GUIDs (ambisonic B-format and the like) differ from the tag-derived tail
        assertRejected(RiffBuilder.wave().fmtExtensible(1, 1, 8000, 16, ambisonic).data(0, new byte[0]).bytes(),
                "unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID 0100000000002100800000AA00389B71"
                        + " (not derived from a WAV format tag)");
        assertRejected(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmtBody(0xFFFE, 1, 8000, 16, 2))
                        .data(0, new byte[0]).bytes(),
                "WAVE_FORMAT_EXTENSIBLE fmt chunk is 16 bytes, need 40");
    }

    @Test
    void unsupportedBitsPerSample() {
        assertRejected(RiffBuilder.wave().fmt(1, 1, 8000, 24).data(0, new byte[0]).bytes(),
                "unsupported bits per sample 24 for PCM (supported: 8 or 16)");
        assertRejected(RiffBuilder.wave().fmt(3, 1, 8000, 64).data(0, new byte[0]).bytes(),
                "unsupported bits per sample 64 for IEEE float (supported: 32)");
        assertRejected(RiffBuilder.wave().fmt(7, 1, 8000, 16).data(0, new byte[0]).bytes(),
                "unsupported bits per sample 16 for mu-law (supported: 8)");
        assertRejected(RiffBuilder.wave().fmtExtensible(1, 1, 8000, 32, GUID_TAIL).data(0, new byte[0]).bytes(),
                "unsupported bits per sample 32 for PCM (supported: 8 or 16)");
    }

    @Test
    void channelsAndBlockAlign() {
        assertRejected(RiffBuilder.wave().fmt(1, 6, 48000, 16).data(0, new byte[0]).bytes(),
                "unsupported channel count 6 (mono and stereo only)");
        assertRejected(RiffBuilder.wave().fmt(1, 0, 8000, 16).data(0, new byte[0]).bytes(),
                "unsupported channel count 0 (mono and stereo only)");
        assertRejected(RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmtBody(1, 1, 8000, 16, 4))
                        .data(0, new byte[0]).bytes(),
                "block align 4 does not match 1 channel(s) of 16-bit samples (expected 2)");
        assertRejected(RiffBuilder.wave().fmt(1, 1, 0, 16).data(0, new byte[0]).bytes(), "invalid sample rate 0 Hz");
    }

    @Test
    void dataSizeNotAWholeNumberOfFrames() {
        assertRejected(RiffBuilder.wave().fmt(1, 2, 8000, 16).data(4801, new byte[4801]).bytes(),
                "data chunk size 4801 is not a whole number of frames: 1 dangling byte (s16le stereo, 4 bytes per frame)");
    }

    @Test
    void dataLargerThanTheFileIsReportedAtOpenForAFile() throws IOException {
        Path file = dir.resolve("short.wav");
        Files.write(file, RiffBuilder.wave().fmt(1, 1, 8000, 16).data(2000, new byte[1000]).bytes());
        assertThatThrownBy(() -> WavReader.open(file)).isInstanceOf(WavFormatException.class)
                .hasMessage("data chunk declares 2000 bytes but the stream ended after 1000: 1000 bytes missing");
    }

    @Test
    void dataLargerThanTheStreamIsReportedAfterTheLastWholeFrame() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(2000, new byte[1001]).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.frames()).isEqualTo(1000);
            short[] out = new short[2000];
            assertThat(reader.read(out, 0, 2000)).isEqualTo(500);
            assertThatThrownBy(() -> reader.read(out, 0, 2000)).isInstanceOf(WavFormatException.class)
                    .hasMessage("data chunk declares 2000 bytes but the stream ended after 1001: 999 bytes missing");
        }
    }

    /**
     * A stream whose header claims 2 GiB of 8-bit data is read to its real end and reported cut short; readAll must
     * not allocate for the claimed length first (it did: a 2 GiB array, OutOfMemoryError; found by
     * {@link WavReaderFuzzTest}, input {@code finding-u8-data-size-2GiB-allocated-up-front}).
     */
    @Test
    void aClaimedLengthIsNotAllocatedBeforeTheDataArrives() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 8).data(0x7FFF_FFF0L, new byte[10]).bytes();
        String message = "data chunk declares 2147483632 bytes but the stream ended after 10: 2147483622 bytes missing";
        try (WavReader reader = open(wav)) {
            assertThat(reader.frames()).isEqualTo(0x7FFF_FFF0L);
            assertThatThrownBy(reader::readAllFloats).isInstanceOf(WavFormatException.class).hasMessage(message);
        }
        try (WavReader reader = open(wav)) {
            assertThatThrownBy(reader::readAllShorts).isInstanceOf(WavFormatException.class).hasMessage(message);
        }
    }

    /** A fmt chunk size above 2^31 is reported as the unsigned value it is (it was cast to a negative int). */
    @Test
    void aHugeExtensibleFmtChunkIsReportedWithItsSize() {
        byte[] body = java.util.Arrays.copyOfRange(RiffBuilder.wave().fmtExtensible(1, 1, 8000, 16, GUID_TAIL).bytes(),
                20, 60);
        byte[] wav = RiffBuilder.wave().raw("fmt ").u32(0xFFFF_FFF0L).raw(body).bytes();
        assertRejected(wav, "truncated 'fmt ' chunk at byte offset 12: declares 4294967280 bytes but the stream"
                + " ended after 40: 4294967240 bytes missing");
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 0xFFFF_FFFFL, 0x7FFF_F000L})
    void liveWriterSizesMeanReadToTheEnd(long declared) throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 16000, 16).data(declared, s16(1, 2, 3, -4)).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.frames()).isEqualTo(-1);
            assertThat(reader.readAllShorts()).containsExactly(1, 2, 3, -4);
        }
    }

    @Test
    void unknownLengthEndingInsideAFrame() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(3, 1, 8000, 32).data(0xFFFF_FFFFL, new byte[10]).bytes();
        try (WavReader reader = open(wav)) {
            assertThatThrownBy(reader::readAllFloats).isInstanceOf(WavFormatException.class)
                    .hasMessage("data of unknown length ended inside a frame after 10 bytes: 2 dangling bytes"
                            + " (f32le mono, 4 bytes per frame)");
        }
    }

    @Test
    void unknownChunksAreSkippedWithTheirPadByte() throws IOException {
        byte[] wav = RiffBuilder.wave()
                .chunk("LIST", "INFOISFT\u0005\0\0\0sox!".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .chunk("junk", new byte[3]) // odd: a pad byte follows
                .fmt(1, 1, 8000, 16)
                .chunk("fact", new byte[4])
                .data(6, s16(7, -8, 9))
                .chunk("LIST", new byte[5]) // after the data: never read
                .bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 1, 8000));
            assertThat(reader.readAllShorts()).containsExactly(7, -8, 9);
        }
    }

    @Test
    void truncatedUnknownChunk() {
        assertRejected(RiffBuilder.wave().raw("LIST").u32(100).raw(new byte[40]).bytes(),
                "truncated 'LIST' chunk at byte offset 12: declares 100 bytes but the stream ended after 40:"
                        + " 60 bytes missing");
    }

    @Test
    void stereoIsDownmixedByAveraging() throws IOException {
        int[] left = {100, -100, 3, 32767, -32768, 1000};
        int[] right = {300, -101, 4, 32767, -32768, -1000};
        int[] interleaved = new int[2 * left.length];
        for (int i = 0; i < left.length; i++) {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = right[i];
        }
        byte[] wav = RiffBuilder.wave().fmt(1, 2, 8000, 16).data(24, s16(interleaved)).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.format().channels()).isEqualTo(2);
            assertThat(reader.frames()).isEqualTo(6);
            // -100.5 and 3.5: halves round to the even neighbour.
            assertThat(reader.readAllShorts()).containsExactly(200, -100, 4, 32767, -32768, 0);
        }
        try (WavReader reader = open(wav)) {
            float[] floats = reader.readAllFloats();
            for (int i = 0; i < left.length; i++) {
                assertThat(floats[i]).isEqualTo((left[i] + right[i]) / 65536f);
            }
        }
    }

    @Test
    void extensibleWrappingSupportedFormats() throws IOException {
        byte[] codes = {(byte) 0xFF, 0x7F, 0x00, (byte) 0x80};
        byte[] wav = RiffBuilder.wave().fmtExtensible(7, 2, 8000, 8, GUID_TAIL).data(4, codes).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.MULAW, 2, 8000));
            short[] out = reader.readAllShorts();
            short[] decoded = new short[4];
            SampleEncoding.MULAW.decode(codes, 0, decoded, 0, 4);
            assertThat(out).containsExactly(Pcm16.fromFloat((decoded[0] + decoded[1]) / 65536f),
                    Pcm16.fromFloat((decoded[2] + decoded[3]) / 65536f));
        }
        byte[] floats = new byte[8];
        SampleEncoding.F32LE.encode(new float[] {0.25f, -0.5f}, 0, floats, 0, 2);
        wav = RiffBuilder.wave().fmtExtensible(3, 1, 44100, 32, GUID_TAIL).data(8, floats).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.F32LE, 1, 44100));
            assertThat(reader.readAllFloats()).containsExactly(0.25f, -0.5f);
        }
    }

    @Test
    void aTricklingStreamGivesTheSameSamples() throws IOException {
        short[] samples = new short[3001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 37 - 30000);
        }
        byte[] data = new byte[2 * samples.length];
        SampleEncoding.S16LE.encode(samples, 0, data, 0, samples.length);
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(data.length, data).bytes();
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(wav)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3)); // three bytes at a time: split samples
            }
        };
        try (WavReader reader = WavReader.open(trickle)) {
            short[] out = new short[samples.length];
            int count = 0;
            for (int n; (n = reader.read(out, count, Math.min(7, out.length - count))) > 0; ) {
                count += n;
            }
            assertThat(count).isEqualTo(samples.length);
            assertThat(out).containsExactly(samples);
            assertThat(reader.read(out, 0, 1)).isEqualTo(-1);
            assertThat(reader.read(out, 0, 0)).isZero();
        }
    }

    @Test
    void badReadRanges() throws IOException {
        try (WavReader reader = open(RiffBuilder.wave().fmt(1, 1, 8000, 16).data(2, s16(5)).bytes())) {
            assertThatThrownBy(() -> reader.read(new float[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("sample range [3, 3 + 2) is out of bounds for an array of length 4");
            assertThatThrownBy(() -> reader.read(new short[4], 0, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void exactlyFourBytesAreEnoughToSayItIsNotRiff() {
        assertRejected(new RiffBuilder().raw("OggS").bytes(), "not a RIFF/WAVE file: starts with 'OggS'");
        assertRejected(new RiffBuilder().raw("Ogg").bytes(),
                "truncated header: the stream ended after 3 bytes, a WAV file starts with a 12-byte RIFF header");
    }

    @Test
    void anIdWithAControlCharacterIsShownInHex() {
        // DEL (0x7F) is not printable; space (0x20) is, as in 'fmt '.
        assertRejected(new RiffBuilder().raw("RIF\u007F").u32(0).raw("WAVE").bytes(),
                "not a RIFF/WAVE file: starts with 0x5249467F");
        assertRejected(new RiffBuilder().raw("RIFF").u32(0).raw("WAV\u001F").bytes(),
                "not a RIFF/WAVE file: RIFF form type is 0x5741561F, expected 'WAVE'");
        assertRejected(new RiffBuilder().raw("RIFF").u32(0).raw(" ~ ~").bytes(),
                "not a RIFF/WAVE file: RIFF form type is ' ~ ~', expected 'WAVE'");
    }

    @Test
    void sampleRateUpToTheLargestIntIsAccepted() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, Integer.MAX_VALUE, 16).data(2, s16(1)).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.format().sampleRate()).isEqualTo(Integer.MAX_VALUE);
        }
        assertRejected(RiffBuilder.wave().fmt(1, 1, Integer.MIN_VALUE, 16).data(2, s16(1)).bytes(),
                "invalid sample rate 2147483648 Hz");
        assertRejected(RiffBuilder.wave().fmt(1, 1, -1, 16).data(2, s16(1)).bytes(),
                "invalid sample rate 4294967295 Hz");
    }

    /** A missing pad byte right at the end is harmless; the file is still missing its data chunk. */
    @Test
    void anOddChunkWithoutItsPadByteAtTheEnd() {
        assertRejected(RiffBuilder.wave().fmt(1, 1, 8000, 16).raw("LIST").u32(5).raw(new byte[5]).bytes(),
                "missing data chunk: the stream ended at byte offset 49 without one");
        assertRejected(RiffBuilder.wave().fmt(1, 1, 8000, 16).raw("LIST").u32(5).raw(new byte[4]).bytes(),
                "truncated 'LIST' chunk at byte offset 36: declares 5 bytes but the stream ended after 4:"
                        + " 1 bytes missing");
    }

    @Test
    void unknownLengthEndingWithOneDanglingByte() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(0, new byte[] {7, 0, 1}).bytes();
        try (WavReader reader = open(wav)) {
            assertThatThrownBy(reader::readAllShorts).isInstanceOf(WavFormatException.class)
                    .hasMessage("data of unknown length ended inside a frame after 3 bytes: 1 dangling byte"
                            + " (s16le mono, 2 bytes per frame)");
        }
    }

    @Test
    void anOddFmtChunkIsFollowedByItsPadByte() throws IOException {
        byte[] body = java.util.Arrays.copyOf(RiffBuilder.fmtBody(1, 1, 8000, 16, 2), 17); // 16 bytes + 1 extra
        byte[] wav = RiffBuilder.wave().chunk("fmt ", body).data(2, s16(-9)).bytes();
        try (WavReader reader = open(wav)) {
            assertThat(reader.readAllShorts()).containsExactly(-9);
        }
    }
}
