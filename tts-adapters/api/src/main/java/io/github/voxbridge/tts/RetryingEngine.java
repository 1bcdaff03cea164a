package io.github.voxbridge.tts;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * An engine that tries a failed synthesis again, opt-in (engines themselves never retry): up to
 * {@link Builder#maxAttempts} attempts in all, for {@linkplain TtsException.Kind#retryable() retryable} failures only
 * ({@link TtsException.Kind#RATE_LIMITED}, {@link TtsException.Kind#UNAVAILABLE}), and <b>never once audio has
 * reached the sink</b>: a retry would repeat what the caller already heard, so that failure is thrown as it is.
 *
 * <p>Between attempts it waits the exponential backoff {@code min(maxBackoff, initialBackoff * 2^(n-1))} scaled by
 * a random factor in {@code [1 - jitter, 1]} (so that many calls failing together do not retry together), or the
 * delay the engine asked for ({@link TtsException#retryAfter()}) if that is longer. A requested delay above
 * {@link Builder#maxRetryAfter} is not waited for: the failure is thrown at once, since the caller of a phone call
 * cannot wait that long. The wait ends early with {@link TtsException.Kind#CANCELLED} when the call's token is
 * cancelled, and an interrupt during the wait counts as cancellation (the flag is kept).
 *
 * <p>The format is held back until the first audio chunk of an attempt, so an attempt that fails before any audio
 * leaves the sink untouched and the sink still sees exactly one {@code format} call. Closing this engine closes the
 * wrapped one. Thread-safe if the wrapped engine is.
 */
public final class RetryingEngine implements TtsEngine {

    /** Waits for a retry; replaceable so that tests need not wait in real time. */
    @FunctionalInterface
    public interface Pause {
        /**
         * Waits {@code delay}, returning early if {@code cancel} is cancelled.
         *
         * @throws InterruptedException if the thread is interrupted while waiting
         */
        void await(Duration delay, CancellationToken cancel) throws InterruptedException;

        /** Real time: a latch released by the token's cancellation, awaited for the delay. */
        static Pause realTime() {
            return (delay, cancel) -> {
                CountDownLatch cancelled = new CountDownLatch(1);
                CancellationToken.Registration hook = cancel.onCancel(cancelled::countDown);
                try {
                    cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
                } finally {
                    hook.remove();
                }
            };
        }
    }

    private final TtsEngine engine;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final double jitter;
    private final DoubleSupplier random;
    private final Pause pause;

    private RetryingEngine(Builder b) {
        this.engine = b.engine;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.jitter = b.jitter;
        this.random = b.random;
        this.pause = b.pause;
    }

    /** A builder around {@code engine}, with the defaults listed on each setting. */
    public static Builder builder(TtsEngine engine) {
        return new Builder(engine);
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        HeldFormatSink held = new HeldFormatSink(sink);
        for (int attempt = 1; ; attempt++) {
            held.startAttempt();
            try {
                engine.synthesize(text, held, cancel);
                held.finish();
                return;
            } catch (TtsException e) {
                if (!e.kind().retryable() || held.audioDelivered || attempt >= maxAttempts) {
                    throw e;
                }
                Duration delay = delayBefore(attempt + 1, e);
                if (delay == null) {
                    throw e;
                }
                waitFor(delay, cancel);
            }
        }
    }

    /**
     * The wait before attempt {@code next} (2 or more) after {@code failure}: the jittered backoff, or the delay
     * the engine asked for if longer; {@code null} when the engine asked for more than {@link Builder#maxRetryAfter}.
     */
    Duration delayBefore(int next, TtsException failure) {
        Duration asked = failure.retryAfter().orElse(Duration.ZERO);
        if (asked.compareTo(maxRetryAfter) > 0) {
            return null;
        }
        int doublings = Math.min(next - 2, 30);
        long nanos = Math.min(maxBackoff.toNanos(), saturatedShift(initialBackoff.toNanos(), doublings));
        // Subtract the random part instead of scaling the whole: exact when there is none (a double holds only 53
        // bits, so nanos * 1.0 would round a long above 2^53).
        long jittered = nanos - (long) (nanos * jitter * random.getAsDouble());
        Duration backoff = Duration.ofNanos(jittered);
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    private static long saturatedShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }

    private void waitFor(Duration delay, CancellationToken cancel) throws TtsException {
        try {
            pause.await(delay, cancel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TtsException.cancelled(engine.name());
        }
        cancel.throwIfCancelled(engine.name());
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "RetryingEngine[" + engine.name() + ", maxAttempts=" + maxAttempts + "]";
    }

    /** Passes audio on; holds each attempt's format until its first chunk, so a failed attempt leaves no trace. */
    private static final class HeldFormatSink implements AudioSink {
        private final AudioSink sink;
        private AudioFormatSpec pending;
        private boolean formatSent;
        boolean audioDelivered;

        HeldFormatSink(AudioSink sink) {
            this.sink = sink;
        }

        void startAttempt() {
            pending = null;
        }

        @Override
        public void format(AudioFormatSpec format) {
            pending = format;
        }

        @Override
        public void audio(byte[] chunk, int off, int len) {
            if (!formatSent) {
                formatSent = true;
                sink.format(pending);
            }
            audioDelivered = true;
            sink.audio(chunk, off, len);
        }

        /** A successful attempt that announced a format but made no audio still announces it. */
        void finish() {
            if (!formatSent && pending != null) {
                formatSent = true;
                sink.format(pending);
            }
        }
    }

    /** Settings of a {@link RetryingEngine}. */
    public static final class Builder {
        private final TtsEngine engine;
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(4);
        private Duration maxRetryAfter = Duration.ofSeconds(10);
        private double jitter = 0.5;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Pause pause = Pause.realTime();

        private Builder(TtsEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** Attempts in all, the first included: 1 to 10; default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be in [1, 10]: " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The wait before the second attempt, doubled for each one after; default 250 ms; positive. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = positive("initialBackoff", backoff);
            return this;
        }

        /** The longest backoff; default 4 s; positive. */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = positive("maxBackoff", backoff);
            return this;
        }

        /** The longest engine-requested delay still waited for; default 10 s; not negative. */
        public Builder maxRetryAfter(Duration delay) {
            Objects.requireNonNull(delay, "maxRetryAfter");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative: " + delay);
            }
            this.maxRetryAfter = delay;
            return this;
        }

        /** The fraction of each backoff that is random, in [0, 1]; default 0.5 (waits 50 % to 100 %). */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1]: " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /** The source of jitter, values in [0, 1); default {@link ThreadLocalRandom}. For reproducible tests. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** How to wait; default {@link Pause#realTime()}. For tests that must not wait in real time. */
        public Builder pause(Pause pause) {
            this.pause = Objects.requireNonNull(pause, "pause");
            return this;
        }

        /** The engine. */
        public RetryingEngine build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                        + initialBackoff);
            }
            return new RetryingEngine(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
