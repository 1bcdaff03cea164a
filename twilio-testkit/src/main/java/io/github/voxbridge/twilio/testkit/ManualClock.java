package io.github.voxbridge.twilio.testkit;

import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link PlaybackClock} that stands still until the test moves it: for deterministic tests, shared by a server's
 * {@code OutboundPlayer} and a {@link CallSimulator}. Threads that {@link #parkUntil park} on it stay parked until
 * {@link #advanceTo} reaches their deadline (or something unparks them), and the test can see who is parked until
 * when ({@link #parked}), so it knows when a player waits for its next frame's turn and moves the clock exactly
 * there. Starts at 0 ns. Thread-safe.
 */
public final class ManualClock implements PlaybackClock {

    /**
     * One wait of one thread: {@code serial} tells two waits apart, so that a test that sees the same wait before
     * and after a check knows the thread did nothing in between.
     *
     * @param serial   numbers the waits on this clock, from 1
     * @param deadline the clock time the thread waits for, in nanoseconds
     */
    public record Park(long serial, long deadline) {
    }

    private long now;
    private long serials;
    /** Threads waiting on this clock and not yet woken by it. */
    private final Map<Thread, Park> parked = new HashMap<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void parkUntil(long deadline) {
        Thread me = Thread.currentThread();
        Park park;
        synchronized (this) {
            if (deadline - now <= 0) {
                return;
            }
            park = new Park(++serials, deadline);
            parked.put(me, park);
        }
        try {
            LockSupport.park(this);
        } finally {
            synchronized (this) {
                parked.remove(me, park);
            }
        }
    }

    /**
     * Moves the clock to {@code time} and wakes every thread whose deadline has come.
     *
     * @throws IllegalArgumentException if {@code time} is before the clock's time: it never goes back
     */
    public synchronized void advanceTo(long time) {
        if (time - now < 0) {
            throw new IllegalArgumentException("the clock is at " + now + " ns, cannot go back to " + time);
        }
        now = time;
        parked.entrySet().removeIf(e -> {
            boolean due = e.getValue().deadline() - now <= 0;
            if (due) {
                LockSupport.unpark(e.getKey());
            }
            return due;
        });
    }

    /** Moves the clock forward by {@code nanos} (not negative). */
    public synchronized void advanceBy(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("the clock never goes back; got " + nanos + " ns");
        }
        advanceTo(now + nanos);
    }

    /** The wait of a thread whose name starts with {@code prefix}, if one is waiting on this clock. */
    public synchronized Optional<Park> parked(String prefix) {
        for (Map.Entry<Thread, Park> e : parked.entrySet()) {
            if (e.getKey().getName().startsWith(prefix)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String toString() {
        return "ManualClock[" + now / 1_000_000.0 + " ms]";
    }
}
