package io.github.voxbridge.tts.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.http.HttpFailures;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpFailuresTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static HttpHeaders headers(String... nameValue) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @ParameterizedTest
    @CsvSource({"400,BAD_REQUEST", "404,BAD_REQUEST", "413,BAD_REQUEST", "422,BAD_REQUEST", "418,BAD_REQUEST",
            "499,BAD_REQUEST", "401,AUTH", "403,AUTH", "429,RATE_LIMITED", "408,UNAVAILABLE", "500,UNAVAILABLE",
            "502,UNAVAILABLE", "503,UNAVAILABLE", "599,UNAVAILABLE"})
    void everyErrorStatusHasItsKind(int status, Kind kind) {
        assertThat(HttpFailures.kindOf(status)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"100", "200", "204", "301", "399", "600"})
    void otherStatusesAreNotFailures(int status) {
        assertThat(HttpFailures.kindOf(status)).isNull();
        assertThatThrownBy(() -> HttpFailures.failure("x", status, headers(), "m", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP status " + status + " is not a failure");
    }

    @Test
    void theMessageNamesTheStatusAndTheVendorsWordsExcerpted() {
        TtsException e = HttpFailures.failure("openai", 400, headers(), "  Input too long\n", NOW);
        assertThat(e).hasMessage("openai: HTTP 400: 'Input too long'");
        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(HttpFailures.failure("openai", 500, headers(), null, NOW)).hasMessage("openai: HTTP 500");
        assertThat(HttpFailures.failure("openai", 500, headers(), " ", NOW)).hasMessage("openai: HTTP 500");
        String longMessage = "x".repeat(1000);
        assertThat(HttpFailures.failure("openai", 422, headers(), longMessage, NOW).getMessage())
                .isEqualTo("openai: HTTP 422: '" + "x".repeat(300) + "…' (1000 chars)");
    }

    @Test
    void aRateLimitCarriesRetryAfterInSecondsOrAsADate() {
        assertThat(HttpFailures.failure("e", 429, headers("Retry-After", "20"), "slow", NOW).retryAfter())
                .contains(Duration.ofSeconds(20));
        assertThat(HttpFailures.failure("e", 429, headers("Retry-After", "Wed, 02 Dec 2026 12:01:30 GMT"), "", NOW)
                .retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(HttpFailures.retryAfter(headers("Retry-After", "Wed, 02 Dec 2026 11:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
        assertThat(HttpFailures.retryAfter(headers("retry-after-ms", "1500.5"), NOW))
                .contains(Duration.ofNanos(1_500_500_000L));
        assertThat(HttpFailures.retryAfter(headers("Retry-After", "soon", "retry-after-ms", "250"), NOW))
                .contains(Duration.ofMillis(250));
        assertThat(HttpFailures.retryAfter(headers("Retry-After", "99999999999999999999"), NOW))
                .contains(Duration.ofDays(1));
        assertThat(HttpFailures.retryAfter(headers("retry-after-ms", "-5"), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers("retry-after-ms", "abc"), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers(), NOW)).isEmpty();
    }

    @Test
    void aDelayIsKeptForRetryableKindsOnly() {
        assertThat(HttpFailures.failure("e", 503, headers("Retry-After", "3"), "", NOW).retryAfter())
                .contains(Duration.ofSeconds(3));
        assertThat(HttpFailures.failure("e", 400, headers("Retry-After", "3"), "", NOW).retryAfter()).isEmpty();
        assertThat(HttpFailures.failure("e", 401, headers("Retry-After", "3"), "", NOW).retryAfter()).isEmpty();
    }
}
