package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.UncheckedTtsException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

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
 * <p>At most {@code bufferFrames} messages wait in between (back-pressure: synthesis pauses when you do not
 * consume). A failure of the engine is thrown by {@link #hasNext()} as {@link UncheckedTtsException} once the
 * messages made before it have been consumed. {@link #close()} (or leaving the try block early) cancels the
 * synthesis, which stops within one frame, and releases everything. One consumer thread.
 */
public final class MediaMessages implements Iterator<String>, AutoCloseable {

    /** End of the generation in the queue (compared by identity). */
    static final String END = new String("end");

    private final BlockingQueue<String> queue;
    private final Generation generation;
    private String next;
    private boolean ended;
    private boolean closed;

    MediaMessages(int bufferFrames, Generation generation) {
        this.queue = new ArrayBlockingQueue<>(bufferFrames);
        this.generation = generation;
    }

    /** Called by the producer: waits while the buffer is full. */
    void put(String message) throws InterruptedException {
        queue.put(message);
    }

    /** Called by the producer when it is done (normally or not); never blocks for long. */
    void end() {
        // The consumer may have gone: never wait on a full queue here.
        while (!queue.offer(END)) {
            if (closed) {
                return;
            }
            try {
                if (queue.offer(END, 10, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for the next message or the end.
     *
     * @throws UncheckedTtsException if the engine failed (after every message made before the failure)
     * @throws IllegalStateException if the thread is interrupted while waiting (the generation is cancelled)
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended || closed) {
            return false;
        }
        String taken;
        try {
            taken = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for the next media message", e);
        }
        if (taken == END) {
            ended = true;
            generation.rethrowFailure();
            return false;
        }
        next = taken;
        return true;
    }

    /** The next media message (a complete JSON text frame for the call's WebSocket). */
    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more media messages in this generation");
        }
        String message = next;
        next = null;
        return message;
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

    /** Cancels the synthesis (if still running) and drops what is buffered. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        generation.cancel();
        queue.clear();
    }
}
