package io.github.voxbridge.twilio.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition every 0.2 ms; the bound only limits how long a broken build hangs, never decides a result. */
final class RealTimeWait {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RealTimeWait() {
    }

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT + " for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }
}
