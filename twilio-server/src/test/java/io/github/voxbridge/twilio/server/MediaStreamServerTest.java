package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.security.RequestValidator;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallEnd;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.server.handlers.GreetingHandler;
import io.github.voxbridge.twilio.stream.PlaybackOutcome;
import io.github.voxbridge.twilio.stream.Utterance;
import io.github.voxbridge.twilio.testkit.CallRecording;
import io.github.voxbridge.twilio.testkit.CallSimulator;
import io.github.voxbridge.twilio.testkit.TwilioSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server end to end over loopback: real Jetty, real HTTP and WebSocket clients (the testkit's
 * {@link CallSimulator}, which does what Twilio does), real time.
 */
class MediaStreamServerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String TOKEN = "12345678901234567890123456789012";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final ToneEngine engine = new ToneEngine();
    private MediaStreamServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    MediaStreamServer serve(Supplier<? extends CallHandler> handlers, String authToken) {
        server = MediaStreamServer.builder(engine, handlers).host("127.0.0.1").port(0).authToken(authToken).start();
        return server;
    }

    URI webhook() {
        return URI.create("http://127.0.0.1:" + server.port() + "/twilio/voice");
    }

    CallSimulator.Builder call() {
        return CallSimulator.builder().webhook(webhook()).timeout(WAIT);
    }

    String metrics() throws Exception {
        return get("/metrics").body();
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample line, e.g. {@code voxbridge_calls_total{outcome="completed"}}. */
    double sample(String name) throws Exception {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + name + " in /metrics");
    }

    void awaitSample(String name, double value) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sample(name) != value) {
            if (System.nanoTime() - deadline > 0) {
                assertThat(sample(name)).as(name).isEqualTo(value);
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------------------------------------ calls

    @Test
    void aCallHearsTheGreetingByteForByteWithoutAGapAndItsMarkComesBack() throws Exception {
        serve(() -> new GreetingHandler("600 ms"), null);
        try (CallSimulator call = call().build()) {
            call.start();
            CallRecording heard = call.awaitMarkEchoed("utterance-1", WAIT);
            assertThat(heard.heardAudio()).isEqualTo(ToneEngine.tone(600));
            assertThat(heard.summary().underruns()).isZero();
            assertThat(heard.summary().framesLost()).isZero();
            assertThat(heard.protocolErrors()).isEmpty();
            call.hangUp();
        }
        awaitSample("voxbridge_calls_total{outcome=\"completed\"}", 1);
        assertThat(sample("voxbridge_frames_sent_total")).isEqualTo(30);
        assertThat(sample("voxbridge_underruns_total")).isZero();
        assertThat(sample("voxbridge_first_frame_latency_seconds_count")).isEqualTo(1);
        assertThat(sample("voxbridge_calls_active")).isZero();
        // The bytes the JVM allocated, which benchmarks/serve-load.sh divides by call-minutes.
        assertThat(metrics()).contains("jvm_gc_memory_allocated_bytes_total");
    }

    @Test
    void theHandlerSeesTheCallsIdsParametersKeysAndStop() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        serve(() -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                events.add("start " + call.callSid() + " " + call.customParameters());
            }

            @Override
            public void onDtmf(Call call, String digit) {
                events.add("dtmf " + digit);
            }

            @Override
            public void onStop(Call call, CallEnd end) {
                events.add("stop " + end);
            }
        }, null);
        try (CallSimulator call = call().callSid("CA0123456789abcdef0123456789abcdef").from("+15550001111")
                .to("+15550002222").build()) {
            call.start();
            assertThat(events.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("start CA0123456789abcdef0123456789abcdef {From=+15550001111, To=+15550002222}");
            call.dtmf("5");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("dtmf 5");
            call.hangUp();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("stop COMPLETED");
        }
    }

    @Test
    void theHandlerGetsTheCallersAudioAt16kHzGapsFilled() throws Exception {
        BlockingQueue<Integer> samples = new LinkedBlockingQueue<>();
        serve(() -> new CallHandler() {
            @Override
            public int callerAudioRate() {
                return 16_000;
            }

            @Override
            public void onAudio(Call call, short[] pcm, int offset, int length) {
                samples.add(length);
            }
        }, null);
        int total = 0;
        try (CallSimulator call = call().build()) {
            call.start();
            // 0.4 s of the caller's audio, then hang up. Counted, not slept for: on a loaded machine (a build beside
            // it) the simulator's 20 ms clock lags, and 500 ms of sleep once brought 6,080 samples, not 6,400.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (total < 16_000 * 4 / 10 && System.nanoTime() - deadline < 0) {
                Integer n = samples.poll(100, TimeUnit.MILLISECONDS);
                total += n == null ? 0 : n;
            }
            call.hangUp();
        }
        assertThat(total).as("16 kHz samples of the first ~0.4 s of caller audio").isBetween(16_000 * 4 / 10, 16_000);
    }

    @Test
    void hangUpClosesTheStreamAndTheCallEndsAsHungUp() throws Exception {
        serve(() -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                call.say("100 ms").outcome().thenRun(call::hangUp);
            }
        }, null);
        try (CallSimulator call = call().build()) {
            call.start();
            CallRecording r = call.await(rec -> rec.endNanos().isPresent(), WAIT);
            assertThat(r.heardAudio()).isEqualTo(ToneEngine.tone(100));
        }
        awaitSample("voxbridge_calls_total{outcome=\"hung_up\"}", 1);
    }

    // ------------------------------------------------------------------------------------------- signatures

    @Test
    void withAnAuthTokenOnlySignedWebhooksAndUpgradesGetThrough() throws Exception {
        serve(() -> new GreetingHandler("100 ms"), TOKEN);
        // Signed with the right token (by the testkit's signer; twilio-java's validator agrees, below): served.
        try (CallSimulator call = call().authToken(TOKEN).build()) {
            call.start();
            assertThat(call.awaitMarkEchoed("utterance-1", WAIT).heardAudio()).isEqualTo(ToneEngine.tone(100));
        }
        // Unsigned, and signed with another token: 403 at the webhook.
        Map<String, String> form = Map.of("CallSid", "CA1", "From", "+15550001111");
        String url = webhook().toString();
        assertThat(post(url, form, null).statusCode()).isEqualTo(403);
        String wrong = new TwilioSignature("another-token-0000000000000000000").sign(url, form);
        assertThat(new RequestValidator(TOKEN).validate(url, form, wrong)).isFalse();
        assertThat(post(url, form, wrong).statusCode()).isEqualTo(403);
        String right = new TwilioSignature(TOKEN).sign(url, form);
        assertThat(new RequestValidator(TOKEN).validate(url, form, right)).isTrue();
        HttpResponse<String> ok = post(url, form, right);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<Connect><Stream url=\"ws://127.0.0.1:" + server.port() + "/twilio/media\"");
        // A simulator with the wrong token: its webhook is refused, nothing else happens.
        try (CallSimulator call = call().authToken("another-token-0000000000000000000").build()) {
            assertThatThrownBy(call::start).hasMessageContaining("403");
        }
        // The upgrade alone, unsigned, straight to the stream URL: 403.
        try (CallSimulator call = CallSimulator.builder().timeout(WAIT)
                .streamUrl(URI.create("ws://127.0.0.1:" + server.port() + "/twilio/media")).build()) {
            assertThatThrownBy(call::start).hasMessageContaining("403");
        }
        assertThat(sample("voxbridge_signature_failures_total{endpoint=\"voice\"}")).isEqualTo(3);
        assertThat(sample("voxbridge_signature_failures_total{endpoint=\"media\"}")).isEqualTo(1);
        assertThat(server.activeCalls()).isZero();
    }

    @Test
    void signaturesAreCheckedAgainstThePublicUrlNotTheAddressTheServerSees() throws Exception {
        server = MediaStreamServer.builder(engine, () -> new GreetingHandler("100 ms")).host("127.0.0.1").port(0)
                .authToken(TOKEN).publicUrl("https://voice.example.org/bot").start();
        Map<String, String> form = Map.of("CallSid", "CA1");
        String local = webhook().toString();
        String signedForLocal = new TwilioSignature(TOKEN).sign(local, form);
        assertThat(post(local, form, signedForLocal).statusCode()).as("signed for the local URL").isEqualTo(403);
        String publicUrl = "https://voice.example.org/bot/twilio/voice";
        HttpResponse<String> ok = post(local, form, new TwilioSignature(TOKEN).sign(publicUrl, form));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("<Stream url=\"wss://voice.example.org/bot/twilio/media\"")
                .contains("statusCallback=\"https://voice.example.org/bot/twilio/status\"");
        // Behind a proxy that keeps the path prefix, the same endpoints answer under it.
        String prefixed = "http://127.0.0.1:" + server.port() + "/bot/twilio/voice";
        assertThat(post(prefixed, form, new TwilioSignature(TOKEN).sign(publicUrl, form)).statusCode()).isEqualTo(200);
        // And the call itself: the simulator signs the public URLs and connects to the local address.
        try (CallSimulator call = CallSimulator.builder().timeout(WAIT).authToken(TOKEN)
                .webhook(webhook()).publicWebhookUrl(publicUrl)
                .connectTo(URI.create("ws://127.0.0.1:" + server.port() + "/twilio/media")).build()) {
            call.start();
            assertThat(call.awaitMarkEchoed("utterance-1", WAIT).heardAudio()).isEqualTo(ToneEngine.tone(100));
        }
    }

    static HttpResponse<String> post(String url, Map<String, String> form, String signature) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------- limits, health

    @Test
    void beyondMaxCallsTheWebhookAnswers503AndHealthCountsTheCalls() throws Exception {
        server = MediaStreamServer.builder(engine, () -> new GreetingHandler("")).host("127.0.0.1").port(0)
                .maxCalls(1).start();
        try (CallSimulator first = call().build()) {
            first.start();
            awaitActive(1);
            assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"serving\",\"activeCalls\":1}");
            HttpResponse<String> refused = post(webhook().toString(), Map.of("CallSid", "CA2"), null);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(sample("voxbridge_calls_rejected_total{reason=\"max_calls\"}")).isEqualTo(1);
            first.hangUp();
        }
        awaitActive(0);
        assertThat(post(webhook().toString(), Map.of("CallSid", "CA3"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectWithTwimlAnswersRejectBusy() throws Exception {
        server = MediaStreamServer.builder(engine, () -> new GreetingHandler("")).host("127.0.0.1").port(0)
                .maxCalls(1).rejectWithTwiml(true).start();
        try (CallSimulator first = call().build()) {
            first.start();
            awaitActive(1);
            HttpResponse<String> refused = post(webhook().toString(), Map.of("CallSid", "CA2"), null);
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body()).contains("<Reject reason=\"busy\"");
        }
    }

    @Test
    void shutdownRefusesNewCallsLetsTheActiveOneFinishThenClosesIt() throws Exception {
        server = MediaStreamServer.builder(engine, () -> new GreetingHandler("5000 ms")).host("127.0.0.1").port(0)
                .start();
        try (CallSimulator call = call().build()) {
            call.start();
            call.awaitMediaReceived(5, WAIT);
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofMillis(600)));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!server.isDraining() && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            HttpResponse<String> health = get("/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"draining\",\"activeCalls\":1}");
            assertThat(post(webhook().toString(), Map.of("CallSid", "CA2"), null).statusCode()).isEqualTo(503);
            CallRecording r = call.await(rec -> rec.endNanos().isPresent(), WAIT);
            drained.get(10, TimeUnit.SECONDS);
            double heardSeconds = r.summary().heardMillis() / 1000;
            assertThat(heardSeconds).as("the call played on during the 0.6 s drain, then was closed")
                    .isBetween(0.5, 1.5);
            assertThat(r.clears()).as("the server cleared what was still buffered").hasSize(1);
        }
        assertThat(server.meterRegistry().get("voxbridge.calls").tag("outcome", "drained").counter().count())
                .isEqualTo(1);
    }

    void awaitActive(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.activeCalls() != calls) {
            assertThat(System.nanoTime() - deadline).as("waiting for %d active calls", calls).isNegative();
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------------------------------ barge-in

    @Test
    void utteranceOutcomesReportPlayedAndInterruptedWithTheDurationHeard() throws Exception {
        CompletableFuture<Utterance> spoken = new CompletableFuture<>();
        CompletableFuture<Call> started = new CompletableFuture<>();
        serve(() -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                spoken.complete(call.say("3000 ms"));
                started.complete(call);
            }
        }, null);
        try (CallSimulator call = call().build()) {
            call.start();
            call.awaitMediaReceived(40, WAIT);
            Thread.sleep(500);
            List<Utterance> stopped = started.get(10, TimeUnit.SECONDS).interrupt();
            assertThat(stopped).containsExactly(spoken.get());
            PlaybackOutcome outcome = spoken.get().outcome().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOf(PlaybackOutcome.Interrupted.class);
            CallRecording r = call.await(rec -> !rec.clears().isEmpty(), WAIT);
            double heard = ((PlaybackOutcome.Interrupted) outcome).heardEstimate().toNanos() / 1e6;
            assertThat(heard).as("heard (ms) by the server's estimate vs the simulator's %s", r.summary())
                    .isCloseTo(r.summary().heardMillis(), org.assertj.core.data.Offset.offset(20.0));
        }
    }

    /**
     * Each call's player refills five frames at a time with a 300 ms lead by default; a refill shorter than a
     * frame or longer than the lead is refused when the server is built, not when a call starts.
     */
    @Test
    void theRefillIsAtLeastOneFrameAndAtMostTheLead() {
        assertThat(MediaStreamServer.DEFAULT_REFILL).isEqualTo(Duration.ofMillis(100));
        assertThat(MediaStreamServer.DEFAULT_LEAD).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> MediaStreamServer.builder(engine, () -> new GreetingHandler("100 ms"))
                .refill(Duration.ofMillis(19)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refill must be at least 20 ms and at most the lead (PT0.3S), was PT0.019S");
        assertThatThrownBy(() -> MediaStreamServer.builder(engine, () -> new GreetingHandler("100 ms"))
                .lead(Duration.ofMillis(200)).refill(Duration.ofMillis(220)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refill must be at least 20 ms and at most the lead (PT0.2S), was PT0.22S");
        assertThatThrownBy(() -> MediaStreamServer.builder(engine, () -> new GreetingHandler("100 ms"))
                .refill(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("refill must be positive, was PT0S");
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
