package io.github.voxbridge.twilio.testkit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the caller's media of many simulated calls from one platform thread, for {@link CallLoad}: every
 * {@link #TICK_NANOS} it sends each call's frames that are due. A call with a thread of its own parks and wakes 50
 * times a second; a thousand of them made the simulator's CPU mostly the virtual-thread scheduler's timed wake-ups
 * (36 % of its samples in a 200-call load run, async-profiler), more than the sending itself.
 *
 * <p>A frame goes out within one tick of when it is due (Twilio's own pacing jitters by more). A call whose last
 * frame is not written yet, or whose send lock is held (a mark being echoed), is tried again at the next tick, so a
 * stuck call never holds up the others. Only for the system clock: a {@link ManualClock} test keeps a thread per
 * call, whose sends it decides.
 */
final class MediaPacer implements AutoCloseable {

    /** 5 ms: a quarter of a frame, 200 wake-ups a second for all calls together. */
    static final long TICK_NANOS = 5_000_000L;

    /** A call the pacer sends for. */
    interface Paced {
        /**
         * Sends what is due at {@code now} ({@link System#nanoTime()}), without waiting for anything.
         *
         * @return false once the call has ended: the pacer forgets it
         */
        boolean sendDue(long now);
    }

    private final CopyOnWriteArrayList<Paced> calls = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    MediaPacer() {
        thread = Thread.ofPlatform().daemon().name(CallSimulator.THREAD_PREFIX + "media-pacer").start(this::run);
    }

    void add(Paced call) {
        calls.add(call);
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (now - next < 0) {
                LockSupport.parkNanos(this, next - now);
                continue;
            }
            for (Paced call : calls) {
                if (!call.sendDue(now)) {
                    calls.remove(call);
                }
            }
            next += TICK_NANOS;
            if (System.nanoTime() - next > TICK_NANOS) {
                next = System.nanoTime(); // fell behind (a paused machine): no burst of ticks to catch up
            }
        }
    }

    /** Stops the thread; the calls still registered get no more media. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
