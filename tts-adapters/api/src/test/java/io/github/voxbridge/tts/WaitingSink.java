package io.github.voxbridge.tts;

import java.util.concurrent.CountDownLatch;

/**
 * A {@link RecordingSink} that opens {@link #reached} once it holds at least a given number of bytes: for engine
 * tests that cancel mid-stream, after audio has arrived. In this module's test-jar, shared by the engine modules.
 */
public final class WaitingSink extends RecordingSink {

    /** Counted down once {@code bytes} bytes have arrived. */
    public final CountDownLatch reached = new CountDownLatch(1);
    private final int bytes;
    private int received;

    /** @param bytes how many bytes open {@link #reached} */
    public WaitingSink(int bytes) {
        this.bytes = bytes;
    }

    @Override
    public void audio(byte[] chunk, int off, int len) {
        super.audio(chunk, off, len);
        received += len;
        if (received >= bytes) {
            reached.countDown();
        }
    }
}
