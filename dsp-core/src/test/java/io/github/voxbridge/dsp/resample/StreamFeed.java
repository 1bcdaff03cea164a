package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Feeds one stream through a resampler in given pieces and collects everything it writes, checking on every call
 * that it writes exactly what {@link PolyphaseResampler#outputSamplesFor} and {@link PolyphaseResampler#flushSamples}
 * promised. The input is either floats or 16-bit samples (one of the two arrays is {@code null}).
 */
final class StreamFeed {

    private final float[] floats;
    private final short[] shorts;

    private StreamFeed(float[] floats, short[] shorts) {
        this.floats = floats;
        this.shorts = shorts;
    }

    static StreamFeed of(float[] samples) {
        return new StreamFeed(samples, null);
    }

    static StreamFeed of(short[] samples) {
        return new StreamFeed(null, samples);
    }

    int length() {
        return floats != null ? floats.length : shorts.length;
    }

    /** Feeds the pieces (their sum must be {@link #length()}) and returns what {@code process} wrote, no flush. */
    float[] process(PolyphaseResampler r, int... pieces) {
        float[] out = new float[64];
        int written = 0;
        int offset = 0;
        for (int piece : pieces) {
            int promised = r.outputSamplesFor(piece);
            out = room(out, written + promised);
            int n = floats != null
                    ? r.process(floats, offset, piece, out, written)
                    : r.process(shorts, offset, piece, out, written);
            assertThat(n).as("samples written for a piece of %d at input offset %d by %s", piece, offset, r)
                    .isEqualTo(promised);
            written += n;
            offset += piece;
        }
        assertThat(offset).as("pieces must cover the stream").isEqualTo(length());
        return Arrays.copyOf(out, written);
    }

    /** Feeds the pieces, then flushes; the result is the whole output stream. */
    float[] processAndFlush(PolyphaseResampler r, int... pieces) {
        float[] body = process(r, pieces);
        return concat(body, flush(r));
    }

    static float[] flush(PolyphaseResampler r) {
        int promised = r.flushSamples();
        float[] tail = new float[promised];
        assertThat(r.flush(tail, 0)).as("samples written by flush of %s", r).isEqualTo(promised);
        return tail;
    }

    static float[] concat(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static float[] room(float[] out, int needed) {
        return needed <= out.length ? out : Arrays.copyOf(out, Math.max(needed, 2 * out.length));
    }

    /** One piece: the whole stream in a single call. */
    static int[] whole(int length) {
        return new int[] {length};
    }

    /**
     * Random pieces covering {@code length}: about one in five is empty, the rest are drawn from sizes of
     * 1 to 8, 1 to 200 and 1 to 5,000 samples, so pieces both shorter and longer than the filter and the
     * resampler's internal block occur.
     */
    static int[] randomPieces(int length, RandomGenerator random) {
        int[] pieces = new int[16];
        int count = 0;
        int left = length;
        while (left > 0) {
            int piece;
            if (random.nextInt(5) == 0) {
                piece = 0;
            } else {
                int bound = switch (random.nextInt(3)) {
                    case 0 -> 8;
                    case 1 -> 200;
                    default -> 5_000;
                };
                piece = Math.min(left, 1 + random.nextInt(bound));
            }
            if (count == pieces.length) {
                pieces = Arrays.copyOf(pieces, 2 * count);
            }
            pieces[count++] = piece;
            left -= piece;
        }
        return Arrays.copyOf(pieces, count);
    }

    /** One sample per call. */
    static int[] ones(int length) {
        int[] pieces = new int[length];
        Arrays.fill(pieces, 1);
        return pieces;
    }
}
