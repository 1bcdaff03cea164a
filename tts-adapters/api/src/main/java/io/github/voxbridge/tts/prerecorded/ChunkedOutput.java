package io.github.voxbridge.tts.prerecorded;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;

/**
 * Cuts a byte stream into chunks of exactly {@code chunkBytes} (the last one shorter) and hands them to a sink,
 * looking at the cancellation token before each. The chunk array is reused: sinks copy what they keep.
 */
final class ChunkedOutput {

    private final AudioSink sink;
    private final CancellationToken cancel;
    private final byte[] chunk;
    private int filled;

    ChunkedOutput(AudioSink sink, CancellationToken cancel, int chunkBytes) {
        this.sink = sink;
        this.cancel = cancel;
        this.chunk = new byte[chunkBytes];
    }

    int chunkBytes() {
        return chunk.length;
    }

    /**
     * Announces the format. No cancellation check here: {@code synthesize} checked the token on entry, and the first
     * {@link #emit} checks it before any audio; a format announced to a cancelled call carries no audio.
     */
    void format(AudioFormatSpec format) {
        sink.format(format);
    }

    void write(byte[] src, int off, int len) throws TtsException {
        while (len > 0) {
            int n = Math.min(len, chunk.length - filled);
            System.arraycopy(src, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunk.length) {
                emit();
            }
        }
    }

    /** Emits the bytes collected so far, if any, as a short chunk. */
    void flush() throws TtsException {
        if (filled > 0) {
            emit();
        }
    }

    /** Emits the last, partial chunk, if any; then reports a cancellation that came during the last chunk. */
    void finish() throws TtsException {
        flush();
        cancel.throwIfCancelled(PrerecordedEngine.NAME);
    }

    private void emit() throws TtsException {
        cancel.throwIfCancelled(PrerecordedEngine.NAME);
        sink.audio(chunk, 0, filled);
        filled = 0;
    }
}
