package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * WavReader on streams that arrive in pieces (pipes, sockets): it returns what is there without waiting for more,
 * copes with reads and skips that return less than asked (or nothing), and reads long data of unknown length.
 */
class WavReaderLiveStreamTest {

    private static byte[] s16(int... samples) {
        byte[] b = new byte[2 * samples.length];
        SampleEncoding.S16LE.encode(toShorts(samples), 0, b, 0, samples.length);
        return b;
    }

    private static short[] toShorts(int... samples) {
        short[] s = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            s[i] = (short) samples[i];
        }
        return s;
    }

    private static byte[] liveHeader() {
        return RiffBuilder.wave().fmt(1, 1, 8000, 16).data(0xFFFF_FFFFL, new byte[0]).bytes();
    }

    @Test
    void theFramesAlreadyThereAreReturnedWithoutWaitingForMore() throws IOException {
        byte[] data = s16(5, 6, 7);
        PiecewiseInputStream in = new PiecewiseInputStream().add(liveHeader()).add(Arrays.copyOfRange(data, 0, 2));
        try (WavReader reader = WavReader.open(in)) {
            short[] out = new short[10];
            assertThat(reader.read(out, 0, 10)).as("one frame has arrived; asking for more would block").isEqualTo(1);
            assertThat(out[0]).isEqualTo((short) 5);

            in.add(Arrays.copyOfRange(data, 2, 5)); // the next frame and half of the one after
            assertThat(reader.read(out, 0, 10)).isEqualTo(1);
            assertThat(out[0]).isEqualTo((short) 6);

            in.add(Arrays.copyOfRange(data, 5, 6)).end();
            assertThat(reader.read(out, 0, 10)).isEqualTo(1);
            assertThat(out[0]).isEqualTo((short) 7);
            assertThat(reader.read(out, 0, 10)).isEqualTo(-1);
        }
    }

    /** InputStream.read may (wrongly, but some adapters do) return 0 for a non-empty buffer; that is not the end. */
    @Test
    void aReadThatReturnsNothingIsNotTheEnd() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(4, s16(-3, 9)).bytes();
        int headerBytes = wav.length - 4;
        InputStream hiccup = new FilterInputStream(new ByteArrayInputStream(wav)) {
            private int position;
            private boolean hiccupped;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == headerBytes && !hiccupped) {
                    hiccupped = true;
                    return 0;
                }
                int n = super.read(b, off, len);
                position += Math.max(n, 0);
                return n;
            }
        };
        try (WavReader reader = WavReader.open(hiccup)) {
            assertThat(reader.readAllShorts()).containsExactly(-3, 9);
        }
    }

    /** A skip that stops at a piece boundary is continued for exactly the bytes still to skip. */
    @Test
    void aChunkSkippedInSeveralStepsIsSkippedExactly() throws IOException {
        byte[] wav = RiffBuilder.wave().chunk("LIST", new byte[10]).fmt(1, 1, 8000, 16).data(4, s16(11, -12))
                .bytes();
        int cut = 12 + 8 + 3; // RIFF header, LIST chunk header, 3 bytes of the LIST body
        PiecewiseInputStream in = new PiecewiseInputStream().add(Arrays.copyOfRange(wav, 0, cut))
                .add(Arrays.copyOfRange(wav, cut, wav.length)).end();
        try (WavReader reader = WavReader.open(in)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 1, 8000));
            assertThat(reader.readAllShorts()).containsExactly(11, -12);
        }
    }

    /** skip() may return 0 before the end; a zero byte read instead is data, not the end of the stream. */
    @Test
    void aStreamThatNeverSkipsIsReadThroughItsZeroBytes() throws IOException {
        byte[] wav = RiffBuilder.wave().chunk("junk", new byte[5]).fmt(1, 1, 8000, 16).data(2, s16(300)).bytes();
        PiecewiseInputStream in = new PiecewiseInputStream().add(wav).end().skipReturnsZero();
        try (WavReader reader = WavReader.open(in)) {
            assertThat(reader.readAllShorts()).containsExactly(300);
        }
    }

    @Test
    void closeClosesTheStream() throws IOException {
        PiecewiseInputStream in = new PiecewiseInputStream().add(liveHeader());
        WavReader reader = WavReader.open(in);
        assertThat(in.closed()).isFalse();
        reader.close();
        assertThat(in.closed()).as("the reader owns the stream").isTrue();
    }

    /** Unknown length: readAll starts with 8192 samples and grows the array as the data keeps coming. */
    @Test
    void longDataOfUnknownLengthIsReadWhole() throws IOException {
        short[] samples = new short[20_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7919);
        }
        byte[] data = new byte[2 * samples.length];
        SampleEncoding.S16LE.encode(samples, 0, data, 0, samples.length);
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(0, data).bytes();
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            assertThat(reader.readAllShorts()).containsExactly(samples);
        }
        float[] expected = new float[samples.length];
        SampleEncoding.S16LE.decode(data, 0, expected, 0, samples.length);
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            assertThat(reader.readAllFloats()).containsExactly(expected);
        }
    }

    /** readAll after some reads returns the rest (and sizes its array for the rest, not for the whole data). */
    @Test
    void readAllAfterSomeReadsReturnsTheRest() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 1, 8000, 16).data(20, s16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)).bytes();
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            assertThat(reader.read(new short[6], 0, 6)).isEqualTo(6);
            assertThat(reader.readAllShorts()).containsExactly(7, 8, 9, 10);
        }
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            assertThat(reader.read(new float[6], 0, 6)).isEqualTo(6);
            assertThat(reader.readAllFloats()).containsExactly(7 / 32768f, 8 / 32768f, 9 / 32768f, 10 / 32768f);
        }
    }

    /** A stereo read writes exactly the frames it returns: the rest of the caller's array is left alone. */
    @Test
    void aStereoReadWritesOnlyTheFramesItReturns() throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(1, 2, 8000, 16).data(16, s16(100, 300, -100, -300, 8, 10, 1, 1))
                .bytes();
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            float[] out = new float[6];
            Arrays.fill(out, 42f);
            assertThat(reader.read(out, 1, 2)).isEqualTo(2);
            assertThat(out).containsExactly(42f, 200 / 32768f, -200 / 32768f, 42f, 42f, 42f);
        }
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
            short[] out = new short[6];
            Arrays.fill(out, (short) 42);
            assertThat(reader.read(out, 1, 2)).isEqualTo(2);
            assertThat(out).containsExactly(42, 200, -200, 42, 42, 42);
        }
    }
}
