package io.github.voxbridge.tts.transport.websocket;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a WebSocket engine's sockets outlive one synthesis (issue 12, "Connections": "WebSocket engines keep a warm
 * connection and reopen it after the vendor's idle close without the caller noticing"). Opening a socket costs a TCP
 * and TLS handshake and the HTTP upgrade, a round trip or three before the first byte of audio can even be asked for
 * (tts-engines.md, pitfall 6: "pre-open sockets"); a warm socket skips all of it.
 *
 * <p>Two ways to be warm, by what the vendor's protocol allows:
 * <ul>
 *   <li>{@link #reusable()}: after the end marker the socket carries the next synthesis (Deepgram after
 *       {@code Flushed}, Cartesia after {@code done}: tts-engines.md sections 3b, 4a);</li>
 *   <li>{@link #spare()}: the protocol spends a socket per synthesis (ElevenLabs {@code stream-input} closes after
 *       the end of input, section 2b), so a fresh one is opened, greeted and kept ready for the next call as soon as
 *       one is used up.</li>
 * </ul>
 * A socket waiting in the pool is sent {@link #keepAlive()} every {@link #keepAliveEvery()} (ElevenLabs closes an
 * idle socket after 20 s, section 2b) and closed by us after {@link #keepIdle()} unused. One the vendor closed while
 * it waited is dropped and replaced without the caller noticing, also when the close crosses our first message.
 *
 * @param keepIdle       how long an unused socket is kept, positive; {@link Duration#ZERO} keeps none (every
 *                       synthesis opens its own socket and closes it)
 * @param reusable       whether a socket whose synthesis reached its end marker may carry the next one
 * @param spare          whether a used-up socket is replaced at once by a fresh one kept for the next synthesis
 * @param greeting       text messages sent once on every new socket before anything else (ElevenLabs' initial
 *                       message); empty for none
 * @param keepAlive      text message sent on a waiting socket to keep the vendor from closing it, or null
 * @param keepAliveEvery how often {@code keepAlive} is sent on a waiting socket; positive when it is not null
 */
public record WarmSockets(Duration keepIdle, boolean reusable, boolean spare, List<String> greeting,
        String keepAlive, Duration keepAliveEvery) {

    /** Option key of {@link #keepIdle}, in ms; 0 turns warm sockets off. */
    public static final String KEEP_IDLE_MS = "keep-idle-ms";

    /**
     * 60 s: long enough to carry a caller's next turn (a voice agent speaks every few seconds), short enough that an
     * engine nobody uses lets go of its connections within a minute.
     */
    public static final int DEFAULT_KEEP_IDLE_MS = 60_000;

    private static final int MAX_KEEP_IDLE_MS = 3_600_000;

    public WarmSockets {
        Objects.requireNonNull(keepIdle, "keepIdle");
        greeting = List.copyOf(greeting);
        if (keepIdle.isNegative()) {
            throw new IllegalArgumentException("keepIdle must not be negative, was " + keepIdle);
        }
        if (keepAlive != null && (keepAliveEvery == null || keepAliveEvery.isNegative() || keepAliveEvery.isZero())) {
            throw new IllegalArgumentException("keepAliveEvery must be positive with a keep-alive message, was "
                    + keepAliveEvery);
        }
    }

    /** No warm sockets: one socket per synthesis, closed at its end (what every engine did before pooling). */
    public static WarmSockets none() {
        return new WarmSockets(Duration.ZERO, false, false, List.of(), null, null);
    }

    /**
     * Sockets that carry one synthesis after another, kept {@code keepIdle} when unused.
     *
     * @param keepIdle how long an unused socket is kept; zero for none
     */
    public static WarmSockets reusable(Duration keepIdle) {
        return new WarmSockets(keepIdle, true, false, List.of(), null, null);
    }

    /**
     * The {@value #KEEP_IDLE_MS} option of {@code options}, 0 to {@value #MAX_KEEP_IDLE_MS} ms.
     *
     * @param defaultMillis the engine's default
     * @throws TtsException BAD_REQUEST naming the value if it is out of range or not a number
     */
    public static Duration keepIdle(EngineOptions options, int defaultMillis) throws TtsException {
        return Duration.ofMillis(options.integer(KEEP_IDLE_MS, defaultMillis, 0, MAX_KEEP_IDLE_MS));
    }

    /** Whether any socket is kept between syntheses. */
    public boolean enabled() {
        return !keepIdle.isZero() && (reusable || spare);
    }
}
