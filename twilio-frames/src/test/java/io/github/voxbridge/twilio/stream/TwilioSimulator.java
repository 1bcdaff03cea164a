package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Twilio's side of a bidirectional Media Stream, for tests: connects to the server over a real WebSocket (the JDK's
 * client), sends {@code connected}/{@code start}/{@code stop}, and plays what it receives by its clock (the one the
 * server's player paces by, which the test moves) the way Twilio does:
 * <ul>
 *   <li>a media frame plays for 20 ms, from its arrival or from the end of the frame before it, whichever is later
 *       (so the playback schedule is exact, independent of this simulator's thread wake-ups);</li>
 *   <li>a mark is echoed when playback reaches it (when everything received before it has played);</li>
 *   <li>{@code clear} empties the buffer at once and echoes every mark still pending.</li>
 * </ul>
 * It records every message with its arrival time and the audio buffered (received, not yet played) just after it,
 * and counts <em>starvations</em>: a media frame arriving after the buffer ran dry, when the item before it was a
 * media frame too (a gap inside an utterance; not after a mark, a clear, or at the very start).
 */
final class TwilioSimulator implements AutoCloseable {

    /** One message received from the server. */
    record Received(OutboundMessage message, long arrivalNanos, long bufferedNanos) {
        boolean isMedia() {
            return message instanceof OutboundMessage.Media;
        }
    }

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final long FRAME = PlaybackPacer.FRAME_NANOS;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Received> received = new ArrayList<>();
    /** Marks received and not yet reached by playback, with the time playback reaches them. */
    private final ArrayDeque<Object[]> pendingMarks = new ArrayDeque<>();
    private final List<String> echoed = new ArrayList<>();
    private final Map<String, Long> echoNanos = new java.util.HashMap<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final PlaybackClock clock;
    private final WebSocket socket;
    private final Thread marker;
    /** When everything received so far will have been played (clock time); in the past when the buffer is empty. */
    private long scheduleEnd;
    private boolean lastWasMedia;
    private int starvations;
    private long maxBufferedNanos;
    private volatile boolean closed;
    private String streamSid = "MZ00000000000000000000000000000000";

    /** A simulator on the system clock: Twilio's playback in real time. */
    TwilioSimulator(URI uri) throws Exception {
        this(uri, PlaybackClock.system());
    }

    TwilioSimulator(URI uri, PlaybackClock clock) throws Exception {
        this.clock = clock;
        this.scheduleEnd = clock.nanoTime();
        StringBuilder partial = new StringBuilder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String json = partial.toString();
                    partial.setLength(0);
                    onMessage(json, clock.nanoTime());
                }
                ws.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        this.marker = Thread.ofVirtual().name("twilio-sim-marks").start(this::echoMarksWhenReached);
    }

    /** Sends {@code connected} and {@code start} for stream {@code sid}. */
    void start(String sid) {
        this.streamSid = sid;
        send(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
        send(CODEC.write(new InboundMessage.Start(1, sid, "AC00000000000000000000000000000000",
                "CA00000000000000000000000000000000", List.of("inbound"), Map.of(),
                InboundMessage.MediaFormat.TWILIO)));
    }

    /** Sends {@code stop}, as Twilio does when the caller hangs up. */
    void stop() {
        send(CODEC.write(new InboundMessage.Stop(99, streamSid, "AC00000000000000000000000000000000",
                "CA00000000000000000000000000000000")));
    }

    /** Drops the connection without a close handshake, as a network failure would. */
    void abort() {
        socket.abort();
    }

    private void onMessage(String json, long now) {
        OutboundMessage message = CODEC.parseOutbound(json);
        lock.lock();
        try {
            switch (message) {
                case OutboundMessage.Media media -> {
                    if (scheduleEnd - now < 0) {
                        if (lastWasMedia) {
                            starvations++;
                        }
                        scheduleEnd = now;
                    }
                    scheduleEnd += FRAME;
                    lastWasMedia = true;
                }
                case OutboundMessage.Mark mark -> {
                    pendingMarks.add(new Object[] {mark.name(), scheduleEnd - now > 0 ? scheduleEnd : now});
                    lastWasMedia = false;
                }
                case OutboundMessage.Clear clear -> {
                    scheduleEnd = now;
                    lastWasMedia = false;
                    while (!pendingMarks.isEmpty()) {
                        echo((String) pendingMarks.poll()[0], now);
                    }
                }
            }
            long buffered = Math.max(0, scheduleEnd - now);
            maxBufferedNanos = Math.max(maxBufferedNanos, buffered);
            received.add(new Received(message, now, buffered));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Echoes each pending mark when playback reaches it: waits for marks on the lock, for time on the clock. */
    private void echoMarksWhenReached() {
        while (!closed) {
            long at;
            lock.lock();
            try {
                Object[] head = pendingMarks.peek();
                if (head == null) {
                    changed.await();
                    continue;
                }
                at = (long) head[1];
                if (at - clock.nanoTime() <= 0) {
                    pendingMarks.poll();
                    echo((String) head[0], at);
                    continue;
                }
            } catch (InterruptedException e) {
                return; // closing
            } finally {
                lock.unlock();
            }
            clock.parkUntil(at);
            if (Thread.interrupted()) {
                return; // closing
            }
        }
    }

    /** Called with the lock held; {@code at} is when playback reached the mark (or the clear came). */
    private void echo(String name, long at) {
        echoed.add(name);
        echoNanos.put(name, at);
        send(CODEC.write(new InboundMessage.Mark(10 + echoed.size(), streamSid, name)));
        changed.signalAll();
    }

    private void send(String json) {
        sendLock.lock();
        try {
            socket.sendText(json, true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!closed) {
                throw new IllegalStateException("simulator could not send " + json, e);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Waits until the messages received satisfy {@code condition}; fails after {@code timeoutMillis}. */
    List<Received> awaitReceived(Predicate<List<Received>> condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        lock.lock();
        try {
            while (!condition.test(received)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("simulator: condition not met within " + timeoutMillis + " ms; received "
                            + summary(received));
                }
                changed.awaitNanos(left);
            }
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    List<Received> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    static long mediaCount(List<Received> messages) {
        return messages.stream().filter(Received::isMedia).count();
    }

    /** Kinds in order, runs of media collapsed: e.g. {@code [media x50, mark utterance-1, media x25, ...]}. */
    static List<String> summary(List<Received> messages) {
        List<String> out = new ArrayList<>();
        int run = 0;
        for (Received r : messages) {
            if (r.isMedia()) {
                run++;
                continue;
            }
            if (run > 0) {
                out.add("media x" + run);
                run = 0;
            }
            out.add(switch (r.message()) {
                case OutboundMessage.Mark m -> "mark " + m.name();
                case OutboundMessage.Clear c -> "clear";
                case OutboundMessage.Media m -> throw new AssertionError();
            });
        }
        if (run > 0) {
            out.add("media x" + run);
        }
        return out;
    }

    int starvations() {
        lock.lock();
        try {
            return starvations;
        } finally {
            lock.unlock();
        }
    }

    long maxBufferedNanos() {
        lock.lock();
        try {
            return maxBufferedNanos;
        } finally {
            lock.unlock();
        }
    }

    List<String> echoed() {
        lock.lock();
        try {
            return List.copyOf(echoed);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the mark {@code name} has been echoed; fails after {@code timeoutMillis}. */
    void awaitEchoed(String name, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        lock.lock();
        try {
            while (!echoed.contains(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("simulator: mark " + name + " not echoed within " + timeoutMillis
                            + " ms; echoed " + echoed);
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** When playback reached the mark {@code name} (clock time), or null if it has not been echoed. */
    Long echoNanos(String name) {
        lock.lock();
        try {
            return echoNanos.get(name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        marker.interrupt();
        socket.abort();
    }
}
