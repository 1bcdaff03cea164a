package io.github.voxbridge.dsp.pcm;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stream that arrives in pieces, like a socket or a pipe: {@code read} and {@code skip} return at most the rest of
 * the current piece. When every piece has been consumed and {@link #end()} was not called, a read "would block": it
 * throws, so a test sees a reader that asks for more than it needs to return what is already there.
 */
final class PiecewiseInputStream extends InputStream {

    private final Deque<byte[]> pieces = new ArrayDeque<>();
    private int at;
    private boolean ended;
    private boolean skipReturnsZero;
    private int reads;
    private boolean closed;

    PiecewiseInputStream add(byte[] piece) {
        pieces.add(piece);
        return this;
    }

    /** After the pieces added so far (and any added later), the stream ends instead of blocking. */
    PiecewiseInputStream end() {
        ended = true;
        return this;
    }

    /** {@code skip} returns 0 every time, which InputStream allows before the end of the stream. */
    PiecewiseInputStream skipReturnsZero() {
        skipReturnsZero = true;
        return this;
    }

    /** Calls to the block {@code read} so far. */
    int reads() {
        return reads;
    }

    boolean closed() {
        return closed;
    }

    private byte[] current() {
        while (!pieces.isEmpty() && at == pieces.peek().length) {
            pieces.remove();
            at = 0;
        }
        if (pieces.isEmpty() && !ended) {
            throw new IllegalStateException("read would block: every piece delivered and the stream not ended");
        }
        return pieces.peek();
    }

    @Override
    public int read() {
        byte[] piece = current();
        return piece == null ? -1 : piece[at++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        reads++;
        byte[] piece = current();
        if (piece == null) {
            return -1;
        }
        int n = Math.min(len, piece.length - at);
        System.arraycopy(piece, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public long skip(long n) {
        if (n <= 0 || skipReturnsZero) {
            return 0;
        }
        byte[] piece = current();
        if (piece == null) {
            return 0;
        }
        int s = (int) Math.min(n, piece.length - at);
        at += s;
        return s;
    }

    @Override
    public void close() {
        closed = true;
    }
}
