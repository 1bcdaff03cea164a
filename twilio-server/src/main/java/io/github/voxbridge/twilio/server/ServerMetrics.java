package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.server.call.CallEnd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's meters, registered once on the server's registry. Names follow Micrometer's dotted convention; the
 * Prometheus registry writes them with underscores and {@code _total} / {@code _seconds} suffixes
 * ({@code voxbridge.frames.sent} is scraped as {@code voxbridge_frames_sent_total}). Every meter is made up front or
 * cached, so counting on a call's hot path allocates nothing.
 */
final class ServerMetrics {

    private final MeterRegistry registry;
    private final Counter framesSent;
    private final Counter underruns;
    private final Timer firstFrameLatency;
    private final Counter clears;
    private final Counter bargeIns;
    private final Counter inboundFramesDropped;
    private final Map<CallEnd, Counter> callsByEnd = new EnumMap<>(CallEnd.class);
    private final Map<String, Counter> signatureFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> engineErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> streamStatus = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejectedCalls = new ConcurrentHashMap<>();

    ServerMetrics(MeterRegistry registry, Supplier<Number> activeCalls, Supplier<Number> marksPending) {
        this.registry = registry;
        Gauge.builder("voxbridge.calls.active", activeCalls).description("Calls with an open Media Stream")
                .strongReference(true).register(registry);
        Gauge.builder("voxbridge.marks.pending", marksPending)
                .description("Marks sent to Twilio and not yet echoed, over all calls").strongReference(true)
                .register(registry);
        for (CallEnd end : CallEnd.values()) {
            callsByEnd.put(end, Counter.builder("voxbridge.calls").description("Calls ended, by outcome")
                    .tag("outcome", end.tag()).register(registry));
        }
        framesSent = Counter.builder("voxbridge.frames.sent").description("20 ms media messages sent to Twilio")
                .register(registry);
        underruns = Counter.builder("voxbridge.underruns")
                .description("Frames sent after playback had run dry in the middle of an utterance").register(registry);
        firstFrameLatency = Timer.builder("voxbridge.first.frame.latency")
                .description("From an utterance's turn (say, or the end of the one before) to its first media message")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        clears = Counter.builder("voxbridge.clears").description("clear messages sent to Twilio").register(registry);
        bargeIns = Counter.builder("voxbridge.barge.ins")
                .description("Caller speech that interrupted playback").register(registry);
        inboundFramesDropped = Counter.builder("voxbridge.inbound.frames.dropped")
                .description("Caller media not delivered to a handler: before start, or the handler too far behind")
                .register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void callEnded(CallEnd end) {
        callsByEnd.get(end).increment();
    }

    double callsEnded(CallEnd end) {
        return callsByEnd.get(end).count();
    }

    void framesSent(long frames) {
        framesSent.increment(frames);
    }

    void underrun() {
        underruns.increment();
    }

    void firstFrame(long latencyNanos) {
        firstFrameLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    void clear() {
        clears.increment();
    }

    void bargeIn() {
        bargeIns.increment();
    }

    void inboundFrameDropped() {
        inboundFramesDropped.increment();
    }

    /** {@code endpoint}: {@code voice}, {@code media}, {@code status}. */
    void signatureFailure(String endpoint) {
        count(signatureFailures, "voxbridge.signature.failures", "Requests refused (403) for a missing or wrong"
                + " X-Twilio-Signature", "endpoint", endpoint);
    }

    /** {@code kind}: {@code malformed}, {@code binary}, {@code unknown_event}, {@code media_before_start}, ... */
    void protocolError(String kind) {
        count(protocolErrors, "voxbridge.protocol.errors", "Messages from Twilio that broke the Media Streams"
                + " protocol, ignored or ending the call", "kind", kind);
    }

    /** {@code kind}: the engine failure's {@code TtsException.Kind}, in lower case. */
    void engineError(String kind) {
        count(engineErrors, "voxbridge.engine.errors", "Utterances whose synthesis failed, by kind", "kind", kind);
    }

    /** {@code event}: Twilio's {@code StreamEvent} ({@code stream-started}, ...), as received. */
    void streamStatus(String event) {
        count(streamStatus, "voxbridge.stream.status", "Stream status callbacks received", "event", event);
    }

    /** {@code reason}: {@code max_calls}, {@code draining}. */
    void callRejected(String reason) {
        count(rejectedCalls, "voxbridge.calls.rejected", "Calls refused at the webhook or upgrade", "reason", reason);
    }

    private void count(Map<String, Counter> cache, String name, String description, String tag, String value) {
        cache.computeIfAbsent(value, v -> Counter.builder(name).description(description).tag(tag, v)
                .register(registry)).increment();
    }
}
