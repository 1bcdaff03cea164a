package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The example in {@link PcmStreamDecoder}'s Javadoc, run: the region between {@code @start} and {@code @end} is its
 * code, character for character (the documentation check in twilio-frames compares them), reading a stream that
 * hands out odd-sized pieces, so samples are split across reads.
 */
class PcmStreamDecoderExampleTest {

    private short[] decoded = new short[0];

    /** A stream of {@code bytes} that returns 1 to 5000 bytes per read, whatever the buffer size. */
    private static InputStream oddReads(byte[] bytes) {
        SplittableRandom random = new SplittableRandom(17);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(5_000)));
            }
        };
    }

    /** Where the example hands its samples on. */
    private void deliver(short[] samples, int count) {
        short[] grown = java.util.Arrays.copyOf(decoded, decoded.length + count);
        System.arraycopy(samples, 0, grown, decoded.length, count);
        decoded = grown;
    }

    private void decodeAll(InputStream in) throws IOException {
        // @start region="pcm-stream-decoder"
        PcmStreamDecoder decoder = new PcmStreamDecoder(SampleEncoding.S16LE);
        byte[] buffer = new byte[4096];
        short[] samples = new short[(buffer.length + 1) / 2];   // + 1: a byte may be left from the last read
        for (int n; (n = in.read(buffer)) > 0; ) {
            int count = decoder.decode(buffer, 0, n, samples, 0);
            deliver(samples, count);
        }
        decoder.finish();                                        // throws PcmFormatException on an odd byte count
        // @end region="pcm-stream-decoder"
    }

    @Test
    void decodesAStreamReadInOddPieces() throws IOException {
        short[] expected = new short[30_001];
        byte[] bytes = new byte[2 * expected.length];
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (short) random.nextInt(-32768, 32768);
            bytes[2 * i] = (byte) expected[i];
            bytes[2 * i + 1] = (byte) (expected[i] >> 8);
        }
        decodeAll(oddReads(bytes));
        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void anOddByteCountIsReportedAtTheEnd() {
        assertThatThrownBy(() -> decodeAll(oddReads(new byte[4_801])))
                .isInstanceOf(PcmFormatException.class)
                .hasMessageStartingWith("odd byte count 4801 at end of stream");
    }
}
