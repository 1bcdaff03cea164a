package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real clock, which the player uses unless told otherwise. No assertion here is about how long anything took:
 * the time limits only turn a hang into a failure.
 */
class SystemPlaybackClockTest {

    private static final Duration HANG = Duration.ofSeconds(10);

    private final PlaybackClock clock = PlaybackClock.system();

    @Test
    void isTheJvmsMonotonicClock() {
        long before = System.nanoTime();
        long now = clock.nanoTime();
        long after = System.nanoTime();
        assertThat(now - before).as("not before the reading before it").isNotNegative();
        assertThat(after - now).as("not after the reading after it").isNotNegative();
        assertThat(PlaybackClock.system()).isSameAs(clock);
        assertThat(clock).hasToString("PlaybackClock.system()");
    }

    @Test
    void aDeadlineThatHasPassedReturnsAtOnce() {
        assertTimeoutPreemptively(HANG, () -> clock.parkUntil(clock.nanoTime() - 1_000_000_000L));
    }

    /**
     * Reaching a deadline 20 ms away takes a park or two (a park may end early for no reason, which the contract
     * allows; none at all if the thread was descheduled for 20 ms), not a busy loop of thousands of calls.
     */
    @Test
    void waitsForAFutureDeadlineByParkingNotSpinning() {
        int parks = assertTimeoutPreemptively(HANG, () -> {
            long deadline = clock.nanoTime() + 20_000_000L;
            int n = 0;
            while (clock.nanoTime() - deadline < 0) {
                clock.parkUntil(deadline);
                n++;
            }
            return n;
        });
        assertThat(parks).isLessThanOrEqualTo(100);
    }
}
