package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.UncheckedTtsException;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The outbound media messages of one generation, in order, as a blocking, closeable iteration: {@link #hasNext()}
 * waits for the next 20 ms frame (made while you consume the previous ones: synthesis runs on its own virtual thread)
 * or for the end. Meant for code on virtual threads:
 *
 * {@snippet id="media-messages-loop" :
 * try (MediaMessages messages = tts.generate("Hello, how can I help?")) {
 *     while (messages.hasNext()) {
 *         transport.send(messages.next());
 *     }
 *     GenerationStats stats = messages.stats();    // e.g. for a log line or a metric
 *     System.out.println("first message after " + stats.firstMessageNanos() / 1_000_000 + " ms");
 * }
 * }
 *
 * <p>Two ways to take each frame, freely mixed: {@link #next()} gives the whole media message as a {@code String}
 * (one allocation of about 350 bytes a frame), {@link #nextPayload(byte[], int)} copies the frame's 160 mu-law bytes
 * into the caller's array and allocates nothing, for a transport that sends bytes (with an
 * {@link OutboundMessageWriter} into a reused buffer, as {@link OutboundPlayer} does for a
 * {@link Utf8TextTransport}).
 *
 * <p>At most {@code bufferFrames} frames wait in between (back-pressure: synthesis pauses when you do not consume).
 * A failure of the engine is thrown by {@link #hasNext()} as {@link UncheckedTtsException} once the frames made
 * before it have been consumed. {@link #close()} (or leaving the try block early) cancels the synthesis, which
 * stops within one frame, and releases everything. One consumer thread.
 *
 * <h2>The buffer</h2>
 * The frames wait in one array of {@code bufferFrames} slots of 160 bytes, allocated with the generation and reused
 * round the ring, so handing a frame over allocates nothing:
 * <pre>
 *   slot:    0         1         2               bufferFrames - 1
 *          |--160 B--|--160 B--|--160 B--| ... |--160 B--|
 *                     ^ consumed % n       ^ produced % n
 *                     next frame to take   next slot to fill
 * </pre>
 * {@code produced} and {@code consumed} are frame counts (never reduced modulo anything until they index), each
 * written by one side only; the producer copies a frame into its slot <em>before</em> publishing the new count, the
 * consumer reads a slot before publishing its own, so neither ever sees a half-written frame. A side with nothing to
 * do parks. Waking a parked virtual thread costs the JDK a small task object (the scheduler wraps the thread's
 * continuation), so the consumer wakes a producer that waits for room only once half of the ring is free: one
 * wake-up per {@code bufferFrames / 2} frames instead of one per frame. The producer wakes a waiting consumer at
 * once: a consumer waiting is a consumer starved.
 */
public final class MediaMessages implements Iterator<String>, AutoCloseable {

    private static final int FRAME = FrameAssembler.FRAME_BYTES;

    /** The most frames one ring holds: {@code bufferFrames * 160} bytes must fit in one array. */
    static final int MAX_BUFFER_FRAMES = (Integer.MAX_VALUE - 8) / FRAME;

    private final Generation generation;
    private final String streamSid;
    /** {@code capacity} slots of {@value #FRAME} bytes, slot {@code i} at offset {@code i * FRAME}. */
    private final byte[] ring;
    private final int capacity;
    /** Free slots at which the consumer wakes a producer waiting for room: half the ring, at least one. */
    private final int wakeProducerAt;

    /** Frames published by the producer; written by the producer only. */
    private volatile long produced;
    /** Frames taken by the consumer; written by the consumer only. */
    private volatile long consumed;
    /** The producer is done (normally or not): nothing will follow {@link #produced}. */
    private volatile boolean producerDone;
    /** The consumer closed the iteration (or {@link #close()} was called from elsewhere). */
    private volatile boolean closed;
    /** A side parked waiting for the other, or {@code null}: set before its last check, cleared after it wakes. */
    private volatile Thread producerWaiting;
    private volatile Thread consumerWaiting;

    // Consumer-only state.
    /** {@link #hasNext()} has said yes: the frame at {@link #consumed} is there to take, even after a close. */
    private boolean ready;
    /** The end has been seen (and a failure thrown once). */
    private boolean ended;
    /** Makes the {@code String}s of {@link #next()}; made on first use, so a byte consumer never pays for it. */
    private OutboundMessageWriter writer;
    /** The frame {@link #next()} wraps: whole, so the writer takes the JDK's vectorized base64 path. */
    private byte[] payload;

    /**
     * @param bufferFrames 1 to {@link #MAX_BUFFER_FRAMES} (the builder checks)
     */
    MediaMessages(int bufferFrames, String streamSid, Generation generation) {
        this.generation = generation;
        this.streamSid = streamSid;
        this.capacity = bufferFrames;
        this.ring = new byte[bufferFrames * FRAME];
        this.wakeProducerAt = Math.max(1, bufferFrames / 2);
    }

    // ------------------------------------------------------------------------------------------------ producer

    /**
     * Called by the producer: copies {@code frame[0 .. 160)} into the next slot, waiting while the ring is full.
     *
     * @throws InterruptedException if the consumer has closed the iteration or the producer is interrupted
     *                              (cancelled): the frame is dropped and synthesis should stop
     */
    void put(byte[] frame) throws InterruptedException {
        long p = produced;
        while (p - consumed >= capacity) {
            if (closed) {
                throw new InterruptedException("the consumer closed the media messages");
            }
            producerWaiting = Thread.currentThread();
            // Checked again after announcing the wait: a consumer that took a frame in between either saw us (and
            // wakes us once half the ring is free) or is seen here.
            if (p - consumed >= capacity && !closed) {
                LockSupport.park(this);
            }
            producerWaiting = null;
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for room for the next media frame");
            }
        }
        if (closed) {
            throw new InterruptedException("the consumer closed the media messages");
        }
        System.arraycopy(frame, 0, ring, slot(p), FRAME);
        produced = p + 1;
        wake(consumerWaiting);
    }

    /** Called by the producer when it is done (normally or not); never blocks. */
    void end() {
        producerDone = true;
        wake(consumerWaiting);
    }

    // ------------------------------------------------------------------------------------------------ consumer

    /**
     * Waits for the next frame or the end.
     *
     * @throws UncheckedTtsException if the engine failed (after every frame made before the failure)
     * @throws IllegalStateException if the thread is interrupted while waiting (the generation is cancelled)
     */
    @Override
    public boolean hasNext() {
        if (ready) {
            return true;
        }
        if (ended || closed) {
            return false;
        }
        long c = consumed;
        while (produced == c) {
            if (producerDone) {
                // The last frame is published before the flag is set: read the count once more.
                if (produced != c) {
                    break;
                }
                ended = true;
                generation.rethrowFailure();
                return false;
            }
            consumerWaiting = Thread.currentThread();
            // Checked again after announcing the wait: a frame or an end published in between is seen here, or
            // its producer saw us and unparks us.
            if (produced == c && !producerDone && !closed) {
                LockSupport.park(this);
            }
            consumerWaiting = null;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for the next media message",
                        new InterruptedException("interrupted while waiting for the next media message"));
            }
            if (closed) {
                return false;
            }
        }
        ready = true;
        return true;
    }

    /**
     * Whether {@link #hasNext()} would return true without waiting: a frame is ready now. False at the end, and
     * while the engine has not yet made the next frame. Never blocks.
     */
    boolean nextIsReady() {
        return ready || (!closed && produced != consumed);
    }

    /** The next media message (a complete JSON text frame for the call's WebSocket). */
    @Override
    public String next() {
        if (writer == null) {
            writer = new OutboundMessageWriter(streamSid);
            payload = new byte[FRAME];
        }
        nextPayload(payload, 0);
        return writer.mediaMessage(payload);
    }

    /**
     * Takes the next frame as its payload: copies its {@value FrameAssembler#FRAME_BYTES} mu-law bytes (8000 Hz,
     * 20 ms, the last frame of the generation padded with mu-law silence) into {@code dst} at {@code offset}.
     * Allocates nothing. The frame is the same one {@link #next()} would have wrapped in its message.
     *
     * @return the number of bytes copied, always {@value FrameAssembler#FRAME_BYTES}
     * @throws NoSuchElementException    if there is no next frame (as {@link #next()})
     * @throws IndexOutOfBoundsException if {@code dst} has no room for 160 bytes at {@code offset} (nothing is taken)
     * @throws UncheckedTtsException     if the engine failed (as {@link #hasNext()})
     */
    public int nextPayload(byte[] dst, int offset) {
        Objects.requireNonNull(dst, "dst");
        if (offset < 0 || offset > dst.length - FRAME) {
            throw new IndexOutOfBoundsException("no room for a " + FRAME + "-byte frame at offset " + offset
                    + " of a " + dst.length + "-byte array");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("no more media messages in this generation");
        }
        long c = consumed;
        System.arraycopy(ring, slot(c), dst, offset, FRAME);
        ready = false;
        taken(c);
        return FRAME;
    }

    /** The stream the messages are addressed to (from the builder), e.g. for an {@link OutboundMessageWriter}. */
    public String streamSid() {
        return streamSid;
    }

    /** What this generation has done so far: frames, audio, timings. */
    public GenerationStats stats() {
        return generation.stats();
    }

    /**
     * Cancels the synthesis from any thread, without touching the consumer's state: the producer stops within one
     * frame and ends the iteration, which wakes a consumer waiting in {@link #hasNext()}. The consumer still
     * closes the iteration as usual.
     */
    void cancelSynthesis() {
        generation.cancel();
    }

    /** Cancels the synthesis (if still running) and drops what is buffered. Idempotent; callable from any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        generation.cancel();
        wake(producerWaiting);
        wake(consumerWaiting);
    }

    /** The consumer is done with frame {@code c}: publishes it, and wakes a waiting producer once there is room. */
    private void taken(long c) {
        consumed = c + 1;
        Thread waiting = producerWaiting;
        if (waiting != null && capacity - (produced - (c + 1)) >= wakeProducerAt) {
            LockSupport.unpark(waiting);
        }
    }

    private int slot(long frame) {
        return (int) (frame % capacity) * FRAME;
    }

    private static void wake(Thread waiting) {
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }
}
