package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test engine that makes one 20 ms frame at a time, each only when the test {@link #allow allows} it, so a test
 * knows exactly how far synthesis has got without any timing. The text is the script: {@code "5 frames"} (five
 * frames of a tone) or {@code "3 frames then crash"} (three frames, then an unchecked exception, as a buggy engine
 * would throw). 8 kHz s16le, 320 bytes per chunk: through the pass-through encoder, one chunk is one media message.
 *
 * <p>It waits for each frame the way an engine waits for its next network packet: <em>not</em> interruptibly, but
 * woken by the {@link CancellationToken#onCancel cancellation token}, as the SPI asks of blocking engines. So a
 * synthesis stops only if the token is cancelled.
 */
final class SteppedEngine implements TtsEngine {

    /** Samples per frame at 8000 Hz. */
    static final int FRAME_SAMPLES = 160;
    private static final Pattern SCRIPT = Pattern.compile("(\\d+) frames( then crash)?");
    private static final AudioFormatSpec FORMAT = new AudioFormatSpec(SampleEncoding.S16LE, 8000);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long permits;
    private final List<String> texts = new ArrayList<>();
    private final Semaphore started = new Semaphore(0);
    private final Semaphore ended = new Semaphore(0);
    private volatile boolean sawCancel;
    private volatile Thread lastThread;

    @Override
    public String name() {
        return "stepped";
    }

    /** Lets the engine make {@code frames} more frames (over all calls, in order). */
    void allow(long frames) {
        lock.lock();
        try {
            permits += frames;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lets every call run to its end without waiting. */
    void allowAll() {
        allow(Long.MAX_VALUE / 2);
    }

    /** Waits until {@code calls} more synthesize calls have started; fails after a liveness bound. */
    void awaitStarted(int calls) throws InterruptedException {
        if (!started.tryAcquire(calls, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("the engine was not called " + calls + " more time(s); texts " + texts());
        }
    }

    /** Waits until {@code calls} more synthesize calls have returned or thrown; fails after a liveness bound. */
    void awaitEnded(int calls) throws InterruptedException {
        if (!ended.tryAcquire(calls, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("the engine still synthesizes after 10 s; texts " + texts());
        }
    }

    /** The texts of every synthesize call so far, in order (blank ones included). */
    List<String> texts() {
        lock.lock();
        try {
            return List.copyOf(texts);
        } finally {
            lock.unlock();
        }
    }

    /** The thread of the latest synthesize call (a generation's producer thread). */
    Thread lastThread() {
        return lastThread;
    }

    /** Whether a call stopped because its token was cancelled. */
    boolean sawCancel() {
        return sawCancel;
    }

    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        lastThread = Thread.currentThread();
        lock.lock();
        try {
            texts.add(text);
        } finally {
            lock.unlock();
        }
        if (text.isBlank()) {
            return;
        }
        Matcher script = SCRIPT.matcher(text.strip());
        if (!script.matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, name(), "no script in " + text);
        }
        int frames = Integer.parseInt(script.group(1));
        started.release();
        try {
            cancel.onCancel(this::wake);
            sink.format(FORMAT);
            byte[] chunk = new byte[2 * FRAME_SAMPLES];
            for (int frame = 0; frame < frames; frame++) {
                takePermit(cancel);
                for (int i = 0; i < FRAME_SAMPLES; i++) {
                    short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * (frame * FRAME_SAMPLES + i) / 8000.0));
                    chunk[2 * i] = (byte) s;
                    chunk[2 * i + 1] = (byte) (s >> 8);
                }
                sink.audio(chunk, 0, chunk.length);
            }
            if (script.group(2) != null) {
                throw new IllegalStateException("engine crashed after " + frames + " frames");
            }
        } finally {
            ended.release();
        }
    }

    private void takePermit(CancellationToken cancel) throws TtsException {
        lock.lock();
        try {
            while (permits == 0 && !cancel.isCancelled()) {
                changed.awaitUninterruptibly();
            }
            if (cancel.isCancelled()) {
                sawCancel = true;
                throw TtsException.cancelled(name());
            }
            permits--;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
    }
}
