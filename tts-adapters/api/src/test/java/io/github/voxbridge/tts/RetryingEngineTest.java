package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.TtsException.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decorator against an engine that plays a script: per attempt, what it delivers (format, audio bytes) and how
 * it ends (success or a given failure). Waits are recorded, never slept.
 */
class RetryingEngineTest {

    private static final AudioFormatSpec FORMAT = new AudioFormatSpec(SampleEncoding.S16LE, 24000);

    /** One attempt: whether it announces the format, the audio it delivers, then the failure it throws (or none). */
    private record Attempt(boolean format, byte[] audio, TtsException failure) {
    }

    private static final class ScriptedEngine implements TtsEngine {
        final Deque<Attempt> script = new ArrayDeque<>();
        int calls;
        boolean closed;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
            calls++;
            Attempt a = script.removeFirst();
            if (a.format) {
                sink.format(FORMAT);
            }
            if (a.audio.length > 0) {
                sink.audio(a.audio, 0, a.audio.length);
            }
            if (a.failure != null) {
                throw a.failure;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final ScriptedEngine engine = new ScriptedEngine();
    private final List<Duration> waits = new ArrayList<>();

    private RetryingEngine.Builder retrying() {
        return RetryingEngine.builder(engine).random(() -> 0.0).pause((d, c) -> waits.add(d));
    }

    private static TtsException failure(Kind kind) {
        return new TtsException(kind, "scripted", kind.name().toLowerCase());
    }

    private static TtsException rateLimited(Duration retryAfter) {
        return new TtsException(Kind.RATE_LIMITED, "scripted", "429", null, retryAfter);
    }

    @Test
    void aRetryableFailureBeforeAnyAudioIsRetriedWithDoublingBackoffAndTheSinkSeesOneFormat() throws Exception {
        engine.script.add(new Attempt(true, new byte[0], failure(Kind.UNAVAILABLE)));
        engine.script.add(new Attempt(true, new byte[0], rateLimited(null)));
        engine.script.add(new Attempt(true, new byte[] {1, 2, 3}, null));
        RecordingSink sink = new RecordingSink();
        try (RetryingEngine e = retrying().build()) {
            e.synthesize("hi", sink, CancellationToken.none());
        }
        assertThat(engine.calls).isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(sink.formats).containsExactly(FORMAT);
        assertThat(sink.bytes()).containsExactly(1, 2, 3);
        assertThat(engine.closed).isTrue();
    }

    @Test
    void afterAudioReachedTheSinkTheFailureIsThrownAsItIs() {
        TtsException cut = failure(Kind.UNAVAILABLE);
        engine.script.add(new Attempt(true, new byte[] {9}, cut));
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> retrying().build().synthesize("hi", sink, CancellationToken.none())).isSameAs(cut);
        assertThat(engine.calls).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(sink.bytes()).containsExactly(9);
    }

    @Test
    void failuresThatAreNotRetryableAreThrownAtOnce() {
        for (Kind kind : List.of(Kind.BAD_REQUEST, Kind.AUTH, Kind.PROTOCOL, Kind.INTERNAL, Kind.CANCELLED)) {
            TtsException e = failure(kind);
            engine.script.add(new Attempt(false, new byte[0], e));
            assertThatThrownBy(() -> retrying().build().synthesize("x", new RecordingSink(),
                    CancellationToken.none())).isSameAs(e);
        }
        assertThat(engine.calls).isEqualTo(5);
        assertThat(waits).isEmpty();
    }

    @Test
    void theLastAttemptsFailureIsThrownAndTheBackoffIsCapped() {
        for (int i = 0; i < 5; i++) {
            engine.script.add(new Attempt(false, new byte[0], failure(Kind.UNAVAILABLE)));
        }
        TtsException last = failure(Kind.UNAVAILABLE);
        engine.script.add(new Attempt(false, new byte[0], last));
        RetryingEngine e = retrying().maxAttempts(6).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> e.synthesize("x", new RecordingSink(), CancellationToken.none())).isSameAs(last);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void theEnginesRetryAfterWinsWhenLongerAndIsRefusedWhenTooLong() throws Exception {
        engine.script.add(new Attempt(false, new byte[0], rateLimited(Duration.ofSeconds(3))));
        engine.script.add(new Attempt(false, new byte[0], rateLimited(Duration.ofMillis(1))));
        engine.script.add(new Attempt(false, new byte[] {1}, null));
        retrying().build().synthesize("x", new RecordingSink(), CancellationToken.none());
        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(500));

        TtsException tooLong = rateLimited(Duration.ofSeconds(11));
        engine.script.add(new Attempt(false, new byte[0], tooLong));
        assertThatThrownBy(() -> retrying().build().synthesize("x", new RecordingSink(), CancellationToken.none()))
                .isSameAs(tooLong);
        assertThat(waits).hasSize(2);
    }

    @Test
    void jitterScalesEachBackoffDown() {
        RetryingEngine e = RetryingEngine.builder(engine).jitter(0.5).random(() -> 0.999).build();
        Duration d = e.delayBefore(2, failure(Kind.UNAVAILABLE));
        assertThat(d).isEqualTo(Duration.ofNanos(250_000_000L - (long) (250_000_000L * 0.5 * 0.999)));
        assertThat(RetryingEngine.builder(engine).jitter(0).build().delayBefore(3, failure(Kind.UNAVAILABLE)))
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void cancellingDuringTheWaitEndsItWithCancelledAndAnInterruptToo() {
        engine.script.add(new Attempt(false, new byte[0], failure(Kind.UNAVAILABLE)));
        CancellationToken token = new CancellationToken();
        RetryingEngine e = RetryingEngine.builder(engine).pause((d, c) -> token.cancel()).build();
        assertThatThrownBy(() -> e.synthesize("x", new RecordingSink(), token))
                .isInstanceOfSatisfying(TtsException.class, t -> assertThat(t.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(engine.calls).isEqualTo(1);

        engine.script.add(new Attempt(false, new byte[0], failure(Kind.UNAVAILABLE)));
        RetryingEngine interrupted = RetryingEngine.builder(engine).pause((d, c) -> {
            throw new InterruptedException();
        }).build();
        try {
            assertThatThrownBy(() -> interrupted.synthesize("x", new RecordingSink(), CancellationToken.none()))
                    .isInstanceOfSatisfying(TtsException.class,
                            t -> assertThat(t.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theRealTimePauseReturnsAsSoonAsTheTokenIsCancelled() throws Exception {
        CancellationToken token = new CancellationToken();
        token.cancel();
        long start = System.nanoTime();
        RetryingEngine.Pause.realTime().await(Duration.ofHours(1), token);
        // A guard, not a timing requirement: an hour-long wait would hang the suite.
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void aSuccessfulAttemptWithAFormatAndNoAudioStillAnnouncesIt() throws Exception {
        engine.script.add(new Attempt(true, new byte[0], null));
        RecordingSink sink = new RecordingSink();
        retrying().build().synthesize("x", sink, CancellationToken.none());
        assertThat(sink.formats).containsExactly(FORMAT);
        engine.script.add(new Attempt(false, new byte[0], null));
        RecordingSink silent = new RecordingSink();
        retrying().build().synthesize("", silent, CancellationToken.none());
        assertThat(silent.formats).isEmpty();
    }

    @Test
    void settingsAreChecked() {
        RetryingEngine.Builder b = RetryingEngine.builder(engine);
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be in [1, 10]: 0");
        assertThatThrownBy(() -> b.maxAttempts(11)).hasMessage("maxAttempts must be in [1, 10]: 11");
        assertThatThrownBy(() -> b.initialBackoff(Duration.ZERO)).hasMessage("initialBackoff must be positive: PT0S");
        assertThatThrownBy(() -> b.maxBackoff(Duration.ofMillis(-1)))
                .hasMessage("maxBackoff must be positive: PT-0.001S");
        assertThatThrownBy(() -> b.maxRetryAfter(Duration.ofMillis(-1)))
                .hasMessage("maxRetryAfter must not be negative: PT-0.001S");
        assertThatThrownBy(() -> b.jitter(1.5)).hasMessage("jitter must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> b.jitter(Double.NaN)).hasMessage("jitter must be in [0, 1]: NaN");
        assertThatThrownBy(() -> RetryingEngine.builder(engine).initialBackoff(Duration.ofSeconds(5)).build())
                .hasMessage("maxBackoff PT4S is shorter than initialBackoff PT5S");
        assertThat(RetryingEngine.builder(engine).maxAttempts(10).build())
                .hasToString("RetryingEngine[scripted, maxAttempts=10]");
        assertThat(RetryingEngine.builder(engine).build().name()).isEqualTo("scripted");
    }

    @Test
    void aFormatAnnouncedByAFailedAttemptIsForgotten() throws Exception {
        engine.script.add(new Attempt(true, new byte[0], failure(Kind.UNAVAILABLE)));
        engine.script.add(new Attempt(false, new byte[0], null)); // the retry speaks nothing: no format either
        RecordingSink sink = new RecordingSink();
        retrying().build().synthesize("x", sink, CancellationToken.none());
        assertThat(engine.calls).isEqualTo(2);
        assertThat(sink.formats).isEmpty();
    }

    @Test
    void aRetryAfterOfExactlyTheLimitIsStillWaitedFor() throws Exception {
        engine.script.add(new Attempt(false, new byte[0], rateLimited(Duration.ofSeconds(10))));
        engine.script.add(new Attempt(false, new byte[] {1}, null));
        retrying().build().synthesize("x", new RecordingSink(), CancellationToken.none());
        assertThat(waits).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void hugeBackoffsSaturateInsteadOfOverflowing() {
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        TtsException down = failure(Kind.UNAVAILABLE);
        RetryingEngine overflow = RetryingEngine.builder(engine).jitter(0).maxRetryAfter(Duration.ZERO)
                .initialBackoff(Duration.ofNanos((Long.MAX_VALUE >> 1) + 1)).maxBackoff(longest).build();
        assertThat(overflow.delayBefore(3, down)).isEqualTo(longest);
        RetryingEngine justFits = RetryingEngine.builder(engine).jitter(0)
                .initialBackoff(Duration.ofNanos(Long.MAX_VALUE >> 1)).maxBackoff(longest).build();
        assertThat(justFits.delayBefore(3, down)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 1));
    }

    @Test
    void jitterIsOnByDefault() {
        RetryingEngine e = RetryingEngine.builder(engine).build();
        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration d = e.delayBefore(2, failure(Kind.UNAVAILABLE));
            assertThat(d).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
            delays.add(d);
        }
        assertThat(delays).as("50 draws of the default jitter").hasSizeGreaterThan(1);
    }

    @Test
    void settingsAtTheirLimitsAreAccepted() {
        RetryingEngine.Builder b = RetryingEngine.builder(engine);
        assertThat(b.maxAttempts(1)).isSameAs(b);
        assertThat(b.jitter(1)).isSameAs(b);
        assertThat(b.jitter(0)).isSameAs(b);
        assertThat(b.maxRetryAfter(Duration.ZERO)).isSameAs(b);
        assertThat(b.initialBackoff(Duration.ofSeconds(4)).maxBackoff(Duration.ofSeconds(4)).build()).isNotNull();
    }
}
