package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.TtsException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API's small value types and helpers, at their edges: formats, exceptions, options, cancellation. */
class TtsApiValuesTest {

    @Test
    void aFormatKnowsItsBytesPerSecondAndDurations() {
        AudioFormatSpec s16 = new AudioFormatSpec(SampleEncoding.S16LE, 24000);
        assertThat(s16.channels()).isEqualTo(1);
        assertThat(s16.bytesPerSecond()).isEqualTo(48000);
        assertThat(s16.seconds(48000)).isEqualTo(1.0);
        assertThat(s16.seconds(12001)).isEqualTo(12001 / 48000.0);
        assertThat(s16.seconds(0)).isZero();
        assertThat(new AudioFormatSpec(SampleEncoding.MULAW, 8000).bytesPerSecond()).isEqualTo(8000);
        assertThat(new AudioFormatSpec(SampleEncoding.F32LE, 16000).bytesPerSecond()).isEqualTo(64000);
        assertThat(s16).hasToString("s16le mono 24000 Hz");
        assertThat(new AudioFormatSpec(SampleEncoding.S16BE, 1).sampleRate()).isEqualTo(1);
    }

    @Test
    void aFormatRefusesANonPositiveRateAndANullEncoding() {
        assertThatThrownBy(() -> new AudioFormatSpec(SampleEncoding.S16LE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample rate must be positive, was 0 Hz");
        assertThatThrownBy(() -> new AudioFormatSpec(SampleEncoding.S16LE, -8000))
                .hasMessage("sample rate must be positive, was -8000 Hz");
        assertThatThrownBy(() -> new AudioFormatSpec(null, 8000))
                .isInstanceOf(NullPointerException.class).hasMessage("encoding");
    }

    @Test
    void anUncheckedWrapperKeepsTheOriginalItsMessageAndKind() {
        TtsException original = new TtsException(Kind.RATE_LIMITED, "openai", "HTTP 429");
        UncheckedTtsException wrapped = new UncheckedTtsException(original);
        assertThat(wrapped.getCause()).isSameAs(original);
        assertThat(wrapped).hasMessage("openai: HTTP 429");
        assertThat(wrapped.kind()).isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void anExceptionNamesItsEngineAndKindAndOnlyTwoKindsAreRetryable() {
        IllegalStateException cause = new IllegalStateException("inner");
        TtsException e = new TtsException(Kind.INTERNAL, "freetts", "voice crashed", cause);
        assertThat(e).hasMessage("freetts: voice crashed").hasCause(cause);
        assertThat(e.kind()).isEqualTo(Kind.INTERNAL);
        assertThat(e.engine()).isEqualTo("freetts");
        assertThat(TtsException.cancelled("espeak")).hasMessage("espeak: synthesis cancelled")
                .satisfies(c -> assertThat(c.kind()).isEqualTo(Kind.CANCELLED));
        List<Kind> retryable = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (k.retryable()) {
                retryable.add(k);
            }
        }
        assertThat(retryable).containsExactly(Kind.RATE_LIMITED, Kind.UNAVAILABLE);
        assertThatThrownBy(() -> new TtsException(null, "x", "m")).isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
        assertThatThrownBy(() -> new TtsException(Kind.AUTH, null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessage("engine");
    }

    @Test
    void anExcerptIsExactAtItsLimit() {
        assertThat(TtsException.excerpt(null, 5)).isEqualTo("null");
        assertThat(TtsException.excerpt("", 5)).isEqualTo("''");
        assertThat(TtsException.excerpt("abcde", 5)).isEqualTo("'abcde'");
        assertThat(TtsException.excerpt("abcdef", 5)).isEqualTo("'abcde…' (6 chars)");
        assertThat(TtsException.excerpt("\u0000\u001f\u007f\u009f x", 10)).isEqualTo("'\\u0000\\u001F\\u007F\\u009F x'");
    }

    @Test
    void optionsReadStringsAndIntegersInRangeAndNameTheKeyWhenWrong() throws TtsException {
        EngineOptions o = new EngineOptions("e", Map.of("n", " 42 ", "s", "text", "bad", "4x", "low", "0",
                "high", "11"), Set.of("n", "s", "bad", "low", "high", "absent"));
        assertThat(o.string("s", "fallback")).isEqualTo("text");
        assertThat(o.string("absent", "fallback")).isEqualTo("fallback");
        assertThat(o.integer("n", 7, 42, 42)).isEqualTo(42);
        assertThat(o.integer("absent", 7, 1, 10)).isEqualTo(7);
        assertThat(o.integer("low", 7, 0, 10)).isZero();
        assertThat(o.integer("high", 7, 1, 11)).isEqualTo(11);
        assertThatThrownBy(() -> o.integer("bad", 7, 1, 10)).isInstanceOf(TtsException.class)
                .hasMessage("e: option bad = '4x' is not an integer in [1, 10]")
                .satisfies(t -> assertThat(((TtsException) t).kind()).isEqualTo(Kind.BAD_REQUEST));
        assertThatThrownBy(() -> o.integer("low", 7, 1, 10))
                .hasMessage("e: option low = '0' is not an integer in [1, 10]");
        assertThatThrownBy(() -> o.integer("high", 7, 1, 10))
                .hasMessage("e: option high = '11' is not an integer in [1, 10]");
        assertThatThrownBy(() -> new EngineOptions("e", Map.of("x", "1"), Set.of("b", "a")))
                .isInstanceOfSatisfying(TtsException.class, t -> assertThat(t.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("e: unknown option 'x' (known: a, b)");
    }

    @Test
    void cancellingRunsEveryActionOnceEvenWhenOneThrowsAndReportsTheFailures() throws TtsException {
        CancellationToken token = new CancellationToken();
        List<String> ran = new ArrayList<>();
        token.onCancel(() -> ran.add("a"));
        token.onCancel(() -> {
            ran.add("b");
            throw new IllegalStateException("b failed");
        });
        token.onCancel(() -> {
            ran.add("c");
            throw new IllegalArgumentException("c failed");
        });
        token.onCancel(() -> ran.add("d"));
        token.throwIfCancelled("e"); // not cancelled yet: no exception
        assertThat(token.isCancelled()).isFalse();
        assertThatThrownBy(token::cancel).isInstanceOf(IllegalStateException.class).hasMessage("b failed")
                .satisfies(t -> assertThat(t.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("c failed")));
        assertThat(ran).containsExactly("a", "b", "c", "d");
        token.cancel();
        assertThat(ran).containsExactly("a", "b", "c", "d");
        assertThat(CancellationToken.none().isCancelled()).isFalse();
        assertThat(CancellationToken.none()).isNotSameAs(CancellationToken.none());
    }

    @Test
    void aRemovedActionDoesNotRunAndRemovingIsIdempotent() {
        CancellationToken token = new CancellationToken();
        List<String> ran = new ArrayList<>();
        Runnable same = () -> ran.add("same");
        CancellationToken.Registration first = token.onCancel(same);
        token.onCancel(same); // the same action twice: removing one registration leaves the other
        CancellationToken.Registration kept = token.onCancel(() -> ran.add("kept"));
        CancellationToken.Registration removed = token.onCancel(() -> ran.add("removed"));
        removed.remove();
        removed.remove();
        first.remove();
        token.cancel();
        assertThat(ran).containsExactly("same", "kept");
        kept.remove(); // after it ran: nothing to do
        CancellationToken.Registration late = token.onCancel(() -> ran.add("late")); // runs at once
        assertThat(ran).containsExactly("same", "kept", "late");
        late.remove();
        assertThat(ran).containsExactly("same", "kept", "late");
    }

    @Test
    void anEngineNameIsMatchedTrimmedAndCaseInsensitiveAndANullNameIsABadRequest() throws TtsException {
        try (TtsEngine e = TtsEngines.create("  PreRecorded ", Map.of())) {
            assertThat(e.name()).isEqualTo("prerecorded");
        }
        try (TtsEngine e = TtsEngines.create("prerecorded")) {
            assertThat(e.name()).isEqualTo("prerecorded");
        }
        assertThatThrownBy(() -> TtsEngines.create(null, Map.of()))
                .isInstanceOfSatisfying(TtsException.class, t -> {
                    assertThat(t.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertThat(t.engine()).isEqualTo("null");
                })
                .hasMessage("null: no TTS engine named null (available: prerecorded)");
    }
}
