package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PcmStreamDecoderTest {

    /** How a stream is cut into the pieces handed to {@code decode}. */
    enum Chunking { ONE_BYTE_AT_A_TIME, RANDOM_SPLITS, ONE_PIECE, EMPTY_PIECES_BETWEEN }

    /**
     * One stream: its encoding, its length in bytes, how it is cut, and the seed its bytes and (for the random
     * chunkings) its piece sizes are drawn from.
     */
    record StreamCase(SampleEncoding encoding, int length, Chunking chunking, long seed) {

        byte[] bytes() {
            byte[] bytes = new byte[length];
            new SplittableRandom(seed).nextBytes(bytes);
            return bytes;
        }

        /**
         * {offset, length} pairs covering {@code [0, length)} in order. Random pieces are of any size: a third
         * shorter than two samples (a partial sample is carried), a third up to 64 bytes, a third up to the rest
         * of the stream.
         */
        List<int[]> pieces() {
            SplittableRandom random = new SplittableRandom(~seed);
            List<int[]> pieces = new ArrayList<>();
            switch (chunking) {
                case ONE_PIECE -> pieces.add(new int[] {0, length});
                case ONE_BYTE_AT_A_TIME -> {
                    for (int i = 0; i < length; i++) {
                        pieces.add(new int[] {i, 1});
                    }
                }
                case RANDOM_SPLITS, EMPTY_PIECES_BETWEEN -> {
                    for (int at = 0; at < length; ) {
                        int left = length - at;
                        int bound = switch (random.nextInt(3)) {
                            case 0 -> 2 * encoding.bytesPerSample();
                            case 1 -> 64;
                            default -> left;
                        };
                        int n = Math.min(left, 1 + random.nextInt(bound));
                        pieces.add(new int[] {at, n});
                        if (chunking == Chunking.EMPTY_PIECES_BETWEEN) {
                            pieces.add(new int[] {at + n, 0});
                        }
                        at += n;
                    }
                }
            }
            return pieces;
        }

        @Override
        public String toString() {
            return encoding + ", " + length + " bytes, " + chunking + ", seed " + seed;
        }
    }

    /**
     * Every encoding and chunking at lengths 0..9 (empty, partial and whole samples of 1, 2 and 4 bytes) and
     * 699..700, then 300 drawn streams of 0..700 bytes (the size the earlier random property used).
     */
    static Stream<StreamCase> streams() {
        SplittableRandom random = new SplittableRandom(0x5EED_700L);
        Stream.Builder<StreamCase> cases = Stream.builder();
        for (SampleEncoding encoding : SampleEncoding.values()) {
            for (Chunking chunking : Chunking.values()) {
                for (int length : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 699, 700}) {
                    cases.add(new StreamCase(encoding, length, chunking, random.nextLong()));
                }
            }
        }
        SampleEncoding[] encodings = SampleEncoding.values();
        Chunking[] chunkings = Chunking.values();
        for (int i = 0; i < 300; i++) {
            cases.add(new StreamCase(encodings[random.nextInt(encodings.length)], random.nextInt(701),
                    chunkings[random.nextInt(chunkings.length)], random.nextLong()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void anyChunkingGivesTheSameShortSamples(StreamCase stream) {
        SampleEncoding encoding = stream.encoding();
        byte[] bytes = stream.bytes();
        int bps = encoding.bytesPerSample();
        int whole = bytes.length / bps;
        short[] expected = new short[whole];
        encoding.decode(bytes, 0, expected, 0, whole);

        PcmStreamDecoder decoder = new PcmStreamDecoder(encoding);
        short[] out = new short[whole + 3];
        int produced = 0;
        for (int[] piece : stream.pieces()) {
            // Copy each piece to a non-zero offset in a larger array, as a reused network buffer would hold it.
            byte[] buffer = new byte[piece[1] + 5];
            System.arraycopy(bytes, piece[0], buffer, 3, piece[1]);
            int room = decoder.samplesFor(piece[1]);
            int n = decoder.decode(buffer, 3, piece[1], out, produced);
            assertThat(n).as("%s: samples from the piece at %d of %d bytes", stream, piece[0], piece[1])
                    .isEqualTo(room);
            produced += n;
        }
        assertThat(Arrays.copyOf(out, produced)).as("%s", stream).containsExactly(expected);
        assertThat(decoder.pendingBytes()).as("%s: pending bytes", stream).isEqualTo(bytes.length % bps);
        assertThat(decoder.bytesConsumed()).as("%s: bytes consumed", stream).isEqualTo(bytes.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void anyChunkingGivesTheSameFloatSamples(StreamCase stream) {
        SampleEncoding encoding = stream.encoding();
        byte[] bytes = stream.bytes();
        int bps = encoding.bytesPerSample();
        int whole = bytes.length / bps;
        float[] expected = new float[whole];
        encoding.decode(bytes, 0, expected, 0, whole);

        PcmStreamDecoder decoder = new PcmStreamDecoder(encoding);
        float[] out = new float[whole + 2];
        int produced = 1; // a non-zero destination offset
        for (int[] piece : stream.pieces()) {
            produced += decoder.decode(bytes, piece[0], piece[1], out, produced);
        }
        // Raw bits: f32le passes NaN payloads through, and NaN != NaN as a float.
        assertThat(rawBits(Arrays.copyOfRange(out, 1, produced))).as("%s", stream).containsExactly(rawBits(expected));
        assertThat(decoder.pendingBytes()).as("%s: pending bytes", stream).isEqualTo(bytes.length % bps);
    }

    private static int[] rawBits(float[] samples) {
        int[] bits = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bits[i] = Float.floatToRawIntBits(samples[i]);
        }
        return bits;
    }

    @Test
    void carriesAnOddByteAcrossCalls() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.S16LE);
        short[] out = new short[4];
        assertThat(decoder.decode(new byte[] {0x34, 0x12, 0x78}, 0, 3, out, 0)).isEqualTo(1);
        assertThat(decoder.pendingBytes()).isEqualTo(1);
        assertThat(decoder.samplesFor(1)).isEqualTo(1);
        assertThat(decoder.decode(new byte[] {0x56}, 0, 1, out, 1)).isEqualTo(1);
        assertThat(out).startsWith((short) 0x1234, (short) 0x5678);
        assertThat(decoder.pendingBytes()).isZero();
        assertThat(decoder.bytesConsumed()).isEqualTo(4);
        decoder.finish();
    }

    @Test
    void carriesThreeBytesOfAFloatAcrossCalls() {
        byte[] one = new byte[4];
        SampleEncoding.F32LE.encode(new float[] {0.25f}, 0, one, 0, 1);
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.F32LE);
        float[] out = new float[1];
        for (int i = 0; i < 3; i++) {
            assertThat(decoder.samplesFor(1)).isZero();
            assertThat(decoder.decode(one, i, 1, out, 0)).isZero();
            assertThat(decoder.pendingBytes()).isEqualTo(i + 1);
        }
        assertThat(decoder.decode(one, 3, 1, out, 0)).isEqualTo(1);
        assertThat(out[0]).isEqualTo(0.25f);
    }

    @ParameterizedTest
    @CsvSource({
        "S16LE, 4801, 'odd byte count 4801 at end of stream: 1 dangling byte (s16le, 2 bytes per sample)'",
        "S16BE, 3, 'odd byte count 3 at end of stream: 1 dangling byte (s16be, 2 bytes per sample)'",
        "F32LE, 4801, 'byte count 4801 at end of stream is not a multiple of 4: 1 dangling byte (f32le, 4 bytes per sample)'",
        "F32LE, 4802, 'byte count 4802 at end of stream is not a multiple of 4: 2 dangling bytes (f32le, 4 bytes per sample)'",
        "F32LE, 4803, 'byte count 4803 at end of stream is not a multiple of 4: 3 dangling bytes (f32le, 4 bytes per sample)'",
        "F32LE, 3, 'byte count 3 at end of stream is not a multiple of 4: 3 dangling bytes (f32le, 4 bytes per sample)'",
    })
    void finishNamesTheByteCountAndTheDanglingBytes(SampleEncoding encoding, int length, String message) {
        PcmStreamDecoder decoder = new PcmStreamDecoder(encoding);
        byte[] bytes = new byte[length];
        float[] out = new float[length];
        // Two pieces, so the count is the stream total and not the last call's.
        decoder.decode(bytes, 0, length / 2, out, 0);
        decoder.decode(bytes, length / 2, length - length / 2, out, 0);

        assertThatThrownBy(decoder::finish).isInstanceOf(PcmFormatException.class).hasMessage(message);
        // finish() reports, it does not repair: the same answer twice, and reset() starts over.
        assertThatThrownBy(decoder::finish).hasMessage(message);
        decoder.reset();
        assertThat(decoder.pendingBytes()).isZero();
        assertThat(decoder.bytesConsumed()).isZero();
        decoder.finish();
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void finishAcceptsAStreamOfWholeSamples(SampleEncoding encoding) {
        PcmStreamDecoder decoder = new PcmStreamDecoder(encoding);
        decoder.decode(new byte[12], 0, 12, new short[12], 0);
        decoder.finish();
        new PcmStreamDecoder(encoding).finish(); // the empty stream is complete too
    }

    @Test
    void aDestinationTooSmallIsRefusedBeforeAnythingIsConsumed() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.S16LE);
        decoder.decode(new byte[] {1}, 0, 1, new short[0], 0);
        assertThatThrownBy(() -> decoder.decode(new byte[7], 0, 7, new short[5], 2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("destination sample range [2, 2 + 4) is out of bounds for an array of length 5"
                        + " (7 bytes + 1 pending decode to 4 s16le samples)");
        assertThat(decoder.pendingBytes()).isEqualTo(1);
        assertThat(decoder.bytesConsumed()).isEqualTo(1);
        assertThat(decoder.decode(new byte[7], 0, 7, new short[4], 0)).isEqualTo(4);
    }

    @Test
    void badRangesAreRefusedWithTheValues() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.F32LE);
        float[] out = new float[8];
        assertThatThrownBy(() -> decoder.decode(new byte[8], 4, 5, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("source byte range [4, 4 + 5) is out of bounds for an array of length 8");
        assertThatThrownBy(() -> decoder.decode(new byte[8], -1, 2, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("source byte range [-1, -1 + 2) is out of bounds for an array of length 8");
        assertThatThrownBy(() -> decoder.decode(new byte[8], 0, -2, out, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative byte count -2");
        assertThatThrownBy(() -> decoder.decode(new byte[8], 0, 8, out, -1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageStartingWith("destination sample range [-1, -1 + 2)");
        assertThatThrownBy(() -> decoder.samplesFor(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PcmStreamDecoder(null)).isInstanceOf(NullPointerException.class);
        assertThat(decoder.bytesConsumed()).isZero();
    }

    @Test
    void samplesForCountsThePendingBytesWithoutOverflowing() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.F32LE);
        decoder.decode(new byte[3], 0, 3, new float[0], 0);
        assertThat(decoder.samplesFor(0)).isZero();
        assertThat(decoder.samplesFor(1)).isEqualTo(1);
        assertThat(decoder.samplesFor(Integer.MAX_VALUE)).isEqualTo((int) ((Integer.MAX_VALUE + 3L) / 4));
    }

    @Test
    void aNullEncodingIsNamed() {
        assertThatThrownBy(() -> new PcmStreamDecoder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("encoding");
    }

    @Test
    void encodingIsTheOneGiven() {
        assertThat(new PcmStreamDecoder(SampleEncoding.ALAW).encoding()).isEqualTo(SampleEncoding.ALAW);
    }

    /** A negative count is reported as such, whatever the offset (not as an offset out of range). */
    @Test
    void aNegativeCountIsReportedBeforeTheOffset() {
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.S16LE);
        assertThatThrownBy(() -> decoder.decode(new byte[8], 100, -2, new short[4], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative byte count -2");
        assertThatThrownBy(() -> decoder.decode(new byte[8], 100, -2, new float[4], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("negative byte count -2");
    }
}
