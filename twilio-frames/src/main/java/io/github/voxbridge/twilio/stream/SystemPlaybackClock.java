package io.github.voxbridge.twilio.stream;

import java.util.concurrent.locks.LockSupport;

/** {@link PlaybackClock#system()}: the JVM's monotonic clock and real parking. */
final class SystemPlaybackClock implements PlaybackClock {

    static final SystemPlaybackClock INSTANCE = new SystemPlaybackClock();

    private SystemPlaybackClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkUntil(long deadline) {
        long nanos = deadline - System.nanoTime();
        if (nanos > 0) {
            LockSupport.parkNanos(this, nanos);
        }
    }

    @Override
    public String toString() {
        return "PlaybackClock.system()";
    }
}
