package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.UncheckedTtsException;

/**
 * The producer side of one generation: runs the engine on its own virtual thread, segment after segment, through a
 * {@link SpeechPipeline} into the {@link MediaMessages} ring of frames. Synthesis of the next segment overlaps the delivery
 * of the frames already queued; audio order is the segment order.
 */
final class Generation implements Runnable {

    /** Where the texts to speak come from: one text, or segments of a token stream as they complete. */
    @FunctionalInterface
    interface Segments {
        /** The next text to speak, or {@code null} at the end; may block waiting for tokens. */
        String next() throws InterruptedException;
    }

    private final TtsEngine engine;
    private final Segments segments;
    private final SpeechPipeline pipeline;
    private final MediaMessages messages;
    private final CancellationToken cancel = new CancellationToken();
    private final long startNanos = System.nanoTime();
    private volatile long firstMessageNanos = -1;
    private volatile long endNanos = -1;
    private volatile Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean cancelled;

    Generation(TtsEngine engine, Segments segments, TwilioTtsStream.Settings settings) {
        this.engine = engine;
        this.segments = segments;
        this.messages = new MediaMessages(settings.bufferFrames(), settings.streamSid(), this);
        this.pipeline = new SpeechPipeline(settings.quality(), this::deliver);
    }

    MediaMessages start() {
        thread = Thread.ofVirtual().name("voxbridge-tts-" + engine.name()).start(this);
        return messages;
    }

    /** One frame from the pipeline (its reused buffer) into the ring, which copies it. */
    private void deliver(byte[] frame) throws InterruptedException {
        if (firstMessageNanos < 0) {
            firstMessageNanos = System.nanoTime() - startNanos;
        }
        messages.put(frame);
    }

    @Override
    public void run() {
        try {
            for (String segment; !cancelled && (segment = segments.next()) != null; ) {
                engine.synthesize(segment, pipeline.sink(), cancel);
                pipeline.endSegment();
            }
            if (!cancelled) {
                pipeline.finish();
            }
        } catch (TtsException e) {
            if (!cancelled) {
                failure = new UncheckedTtsException(e);
            }
        } catch (SpeechPipeline.Cancelled | InterruptedException e) {
            // The consumer closed the generation: nothing to report to anyone.
        } catch (RuntimeException e) {
            if (!cancelled) {
                failure = e;
            }
        } finally {
            endNanos = System.nanoTime() - startNanos;
            messages.end();
        }
    }

    /** Stops the synthesis: the engine stops within one chunk, a blocked hand-over is interrupted. */
    void cancel() {
        cancelled = true;
        cancel.cancel();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Rethrows the producer's failure, if any, to the consumer. */
    void rethrowFailure() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    GenerationStats stats() {
        long end = endNanos;
        var format = pipeline.format();
        long bytes = pipeline.audioBytes();
        return new GenerationStats(firstMessageNanos, end >= 0 ? end : System.nanoTime() - startNanos,
                pipeline.messages(), bytes, format == null ? 0 : format.seconds(bytes));
    }
}
