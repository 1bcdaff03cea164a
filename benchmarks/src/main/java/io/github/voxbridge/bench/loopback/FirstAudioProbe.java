package io.github.voxbridge.bench.loopback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One measured run's meeting point between a loopback vendor server and the consumer of the media messages, both in
 * the same JVM so that both read the same {@link System#nanoTime()} clock.
 *
 * <p>The server calls {@link #markFirstWrite()} immediately before it writes (and flushes) the first audio bytes,
 * then {@link #awaitRelease()} before it sends the rest of the audio and the vendor's end of stream, so that nothing
 * else travels on the connection while the first media message is on its way. The consumer calls {@link #release()}
 * once it holds the first media message (or gave up), and reads {@link #firstWriteNanos()}.
 */
public final class FirstAudioProbe {

    /** A guard against a hang if the consumer never releases; a run is milliseconds long. */
    private static final long RELEASE_TIMEOUT_SECONDS = 10;

    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long firstWriteNanos;

    /** Records the server's clock just before the first audio bytes go out. */
    public void markFirstWrite() {
        firstWriteNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} recorded by {@link #markFirstWrite()}, or 0 if the server never wrote audio. */
    public long firstWriteNanos() {
        return firstWriteNanos;
    }

    /** Lets the server send the rest of the audio. Idempotent. */
    public void release() {
        released.countDown();
    }

    /** Waits until {@link #release()} (at most 10 s, against a hang), keeping the thread's interrupt. */
    public void awaitRelease() {
        try {
            released.await(RELEASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
