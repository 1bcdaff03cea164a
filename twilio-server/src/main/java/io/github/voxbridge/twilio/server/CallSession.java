package io.github.voxbridge.twilio.server;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.protocol.TwilioProtocolException;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallEnd;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.stream.InboundAudioListener;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import io.github.voxbridge.twilio.stream.PlaybackListener;
import io.github.voxbridge.twilio.stream.PlaybackOutcome;
import io.github.voxbridge.twilio.stream.Utf8TextTransport;
import io.github.voxbridge.twilio.stream.Utterance;
import io.github.voxbridge.twilio.vad.PlaybackEcho;
import io.github.voxbridge.twilio.vad.SpeechActivityListener;
import io.github.voxbridge.twilio.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;

/**
 * The server's end of one call: the Media Stream's WebSocket endpoint, the call's {@link OutboundPlayer}, the
 * caller's audio decoded for the voice activity detector (barge-in) and the handler, and the handler's own virtual
 * thread with its event queue.
 *
 * <pre>
 *   Jetty reader ──► parse ──► player (start, mark, stop)
 *                          ├─► decoder 8 kHz ──► VAD ──► barge-in: player.interrupt()
 *                          │     (its start threshold raised by the echo of what the player sent: PlaybackEcho)
 *                          └─► events queue ──► call thread ──► CallHandler callbacks ──► say() ──► player
 *   player thread ──► Utf8TextTransport ──► core sendFrame(TEXT, ByteBuffer) (waits for the write, bounded by the
 *                                           send timeout; media from the player's reused buffer, no String a frame)
 * </pre>
 * The reader never waits on the handler or the engine: it parses, decodes 20 ms of audio, runs the detector and
 * queues; so Twilio's inbound media is always read on time.
 *
 * <p>Not API: public only because Jetty's WebSocket layer invokes endpoint methods through a public lookup. Nothing
 * outside this package can make one (the constructor is package-private); handlers see it as a {@link Call}.
 */
public final class CallSession implements Session.Listener.AutoDemanding, Call {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final AtomicLong CALLS = new AtomicLong();
    private static final byte[] CLEAR_PREFIX = "{\"event\":\"clear\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEDIA_PREFIX = "{\"event\":\"media\"".getBytes(StandardCharsets.US_ASCII);
    /** The poison pill that ends the call's thread. */
    private static final Runnable END_OF_EVENTS = () -> { };

    private final MediaStreamServer server;
    private final MediaStreamServer.Builder settings;
    private final ServerMetrics metrics;
    private final long number = CALLS.incrementAndGet();
    private final long openedNanos = System.nanoTime();
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedAudio = new AtomicInteger();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong underruns = new AtomicLong();
    private final AtomicLong utterances = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();
    private final Thread thread;

    private volatile Session session;
    /** Sends the player's messages as TEXT frames; made on open, used under the player's send lock. */
    private volatile TextFrames textFrames;
    private volatile OutboundPlayer player;
    private volatile InboundMessage.Start start;
    private volatile boolean bargeIn;
    private volatile CallEnd end;
    private volatile boolean handlerFailed;

    // Reader-thread state (Jetty delivers one frame at a time per session).
    private InboundTrackDecoder vadDecoder;
    private VoiceActivityDetector vad;
    /** What the player sent lately, whose echo the detector must not take for the caller (written by the player). */
    private final PlaybackEcho echo = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
    /** Made on the call's thread when the handler asks for audio, then read by the reader. */
    private volatile InboundTrackDecoder handlerDecoder;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
    private int protocolWarnings;

    // Call-thread state.
    private CallHandler handler;

    CallSession(MediaStreamServer server) {
        this.server = server;
        this.settings = server.settings();
        this.metrics = server.metrics();
        this.bargeIn = settings.bargeIn;
        this.thread = Thread.ofVirtual().name("voxbridge-call-" + number).unstarted(this::runEvents);
    }

    // ------------------------------------------------------------------------------------ WebSocket (reader)

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.textFrames = new TextFrames(((WebSocketSession) session).getCoreSession());
        Utf8TextTransport transport = new Utf8TextTransport() {
            @Override
            public void sendText(ByteBuffer utf8) throws IOException {
                CallSession.this.sendText(utf8, false);
            }

            @Override
            public void sendText(ByteBuffer utf8, boolean more) throws IOException {
                CallSession.this.sendText(utf8, more);
            }

            @Override
            public void flush() throws IOException {
                flushHeld();
            }
        };
        PlaybackListener timing = new PlaybackListener() {
            @Override
            public void firstFrameSent(Utterance u, long latencyNanos) {
                metrics.firstFrame(latencyNanos);
            }

            @Override
            public void underrun(Utterance u, long gapNanos) {
                underruns.incrementAndGet();
                metrics.underrun();
            }

            @Override
            public void frameSent(Utterance u, byte[] mulaw, int offset) {
                echo.frameSent(System.nanoTime(), mulaw, offset);
            }
        };
        player = OutboundPlayer.builder(settings.engine)
                .lead(settings.lead)
                .refill(settings.refill)
                .quality(settings.quality)
                .clock(settings.clock)
                .playbackListener(timing)
                .build(transport);
        server.opened(this);
        thread.start();
    }

    @Override
    public void onWebSocketText(String json) {
        InboundMessage message;
        try {
            message = CODEC.parse(json);
        } catch (TwilioProtocolException e) {
            protocolError("malformed", "a message that is not valid Media Streams JSON (" + e.getMessage() + ")");
            return;
        }
        switch (message) {
            case InboundMessage.Connected c -> {
                // The first message; nothing to do.
            }
            case InboundMessage.Start s -> started(s);
            case InboundMessage.Media m -> media(m);
            case InboundMessage.Dtmf d -> {
                if (start == null) {
                    protocolError("dtmf_before_start", "dtmf before start");
                } else {
                    String digit = d.digit();
                    queue(() -> handler.onDtmf(this, digit));
                }
            }
            case InboundMessage.Mark mark -> player.onMessage(mark);
            case InboundMessage.Stop s -> stopped(CallEnd.COMPLETED);
            case InboundMessage.Unknown u -> protocolError("unknown_event",
                    "an unknown event \"" + TtsException.excerpt(u.event(), 40) + "\"");
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        protocolError("binary", "a binary frame of " + payload.remaining() + " bytes (Media Streams is text only)");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        stopped(CallEnd.DISCONNECTED);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            metrics.protocolError("message_too_large");
            settle(CallEnd.PROTOCOL_ERROR);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": closed: " + cause.getMessage());
        } else if (cause instanceof WebSocketTimeoutException || cause instanceof TimeoutException) {
            settle(CallEnd.TIMED_OUT);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": no message from Twilio for "
                    + settings.idleTimeout.toSeconds() + " s, closing");
        } else {
            settle(CallEnd.DISCONNECTED);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": WebSocket error: " + cause);
        }
        stopped(end);
    }

    private void started(InboundMessage.Start s) {
        if (start != null) {
            protocolError("second_start", "a second start (stream " + TtsException.excerpt(s.streamSid(), 40)
                    + ")");
            return;
        }
        start = s;
        player.onMessage(s);
        vad = new VoiceActivityDetector(settings.vad, new SpeechActivityListener() {
            @Override
            public void speechStarted(long onsetSample, long detectedAtSample) {
                if (bargeIn && !player.interrupt().isEmpty()) {
                    metrics.bargeIn();
                }
                queue(() -> handler.onSpeechStarted(CallSession.this));
            }

            @Override
            public void speechEnded(long endSample, long detectedAtSample) {
                queue(() -> handler.onSpeechEnded(CallSession.this));
            }
        });
        vadDecoder = InboundTrackDecoder.at8kHz("inbound", vad);
        queue(this::handlerStarted);
    }

    private void media(InboundMessage.Media m) {
        if (start == null) {
            metrics.inboundFrameDropped();
            protocolError("media_before_start", "media before start");
            return;
        }
        if (stopped.get()) {
            return;
        }
        vad.playbackLevel(echo.loudestDbfs(System.nanoTime()));
        vadDecoder.accept(m);
        if (handlerDecoder != null) {
            handlerDecoder.accept(m);
        }
    }

    /** The handler's decoder, made on the call thread once the handler says which rate it wants. */
    private void handlerAudio(int rate) {
        InboundAudioListener toHandler = (pcm, offset, length) -> {
            if (queuedAudio.get() >= settings.maxQueuedAudioFrames) {
                metrics.inboundFrameDropped();
                return;
            }
            short[] copy = Arrays.copyOfRange(pcm, offset, offset + length);
            queuedAudio.incrementAndGet();
            queue(() -> {
                queuedAudio.decrementAndGet();
                handler.onAudio(this, copy, 0, copy.length);
            });
        };
        InboundTrackDecoder decoder = rate == 8000 ? InboundTrackDecoder.at8kHz("inbound", toHandler)
                : InboundTrackDecoder.at16kHz("inbound", toHandler);
        handlerDecoder = decoder;
    }

    /** The call is over for the reader: Twilio's stop, a close, an error. Runs once. */
    private void stopped(CallEnd why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        settle(why);
        OutboundPlayer p = player;
        if (p != null) {
            p.close();
        }
        if (vadDecoder != null) {
            vadDecoder.end();
        }
        InboundTrackDecoder toHandler = handlerDecoder;
        if (toHandler != null) {
            toHandler.end();
        }
        if (start != null) {
            CallEnd reported = end;
            queue(() -> handler.onStop(this, reported));
        }
        events.add(END_OF_EVENTS);
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(end == CallEnd.HANDLER_FAILED ? StatusCode.SERVER_ERROR : StatusCode.NORMAL,
                    end.tag().replace('_', ' '), Callback.NOOP);
        }
    }

    /** The first reason given wins: a hang-up followed by the close it causes stays a hang-up. */
    private synchronized void settle(CallEnd why) {
        if (end == null) {
            end = why;
        }
    }

    private void protocolError(String kind, String what) {
        metrics.protocolError(kind);
        if (protocolWarnings++ < 3) {
            LOG.log(System.Logger.Level.WARNING, () -> this + ": ignored " + what);
        }
    }

    // ------------------------------------------------------------------------------------ the call's thread

    private void queue(HandlerEvent event) {
        events.add(() -> {
            if (handlerFailed || handler == null) {
                return;
            }
            try {
                event.run();
            } catch (Exception | Error e) {
                handlerFailed = true;
                LOG.log(System.Logger.Level.ERROR, this + ": the call handler failed; ending this call", e);
                settle(CallEnd.HANDLER_FAILED);
                closeSession(StatusCode.SERVER_ERROR, "handler failed");
            }
        });
    }

    /** A handler callback, which may throw anything: it ends this call only. */
    @FunctionalInterface
    private interface HandlerEvent {
        void run() throws Exception;
    }

    private void handlerStarted() throws Exception {
        int rate = handler.callerAudioRate();
        if (rate != 0) {
            if (rate != 8000 && rate != 16000) {
                throw new IllegalArgumentException("callerAudioRate() must be 0, 8000 or 16000 Hz, was " + rate);
            }
            // Made here and published to the reader through the volatile start/visibility of the queue hand-off:
            // the reader reads handlerDecoder on its next media; a few frames before that are not for the handler.
            handlerAudio(rate);
        }
        handler.onStart(this);
    }

    private void runEvents() {
        try {
            handler = Objects.requireNonNull(settings.handlers.get(), "the handler factory returned null");
        } catch (RuntimeException | Error e) {
            handlerFailed = true;
            LOG.log(System.Logger.Level.ERROR, this + ": the handler factory failed; ending this call", e);
            settle(CallEnd.HANDLER_FAILED);
            closeSession(StatusCode.SERVER_ERROR, "handler failed");
        }
        try {
            while (true) {
                Runnable event = events.take();
                if (event == END_OF_EVENTS) {
                    break;
                }
                event.run();
            }
        } catch (InterruptedException e) {
            // The server gave up waiting for this call at shutdown.
        } finally {
            finished();
        }
    }

    private void finished() {
        CallEnd why = end == null ? CallEnd.DISCONNECTED : end;
        metrics.callEnded(why);
        server.closed(this);
        double seconds = (System.nanoTime() - openedNanos) / 1e9;
        LOG.log(System.Logger.Level.INFO, () -> String.format(java.util.Locale.ROOT,
                "call %s ended: %s after %.1f s, %d frames sent, %d underruns, %d utterances (%d interrupted)",
                callSidOrUnknown(), why.tag(), seconds, framesSent.get(), underruns.get(), utterances.get(),
                interrupted.get()));
    }

    // ------------------------------------------------------------------------------------ sending

    /**
     * Sends one message as a TEXT frame and waits until Jetty has written it, or (with {@code more}) copied it into
     * its batch buffer, at most the send timeout. Called by the player, one message at a time: media from its reused
     * buffer, marks and {@code clear} through {@link Utf8TextTransport#send(String)}. A refill's frames but the last
     * go with {@code more}: Jetty then writes the refill in one gather write, not one write per 20 ms frame.
     */
    private void sendText(ByteBuffer utf8, boolean more) throws IOException {
        // Read before the send: what the buffer holds afterwards is Jetty's business until the player reuses it.
        boolean media = startsWith(utf8, MEDIA_PREFIX);
        boolean clear = !media && startsWith(utf8, CLEAR_PREFIX);
        transfer(utf8, more);
        if (media) {
            framesSent.incrementAndGet();
            metrics.framesSent(1);
        } else if (clear) {
            metrics.clear();
        }
    }

    /** Writes the frames Jetty holds in its batch buffer (sent with {@code more}) and waits for the write. */
    private void flushHeld() throws IOException {
        transfer(null, false);
    }

    /** One message (or, with {@code utf8} null, a flush) through {@link TextFrames}, its failures mapped. */
    private void transfer(ByteBuffer utf8, boolean more) throws IOException {
        Session s = session;
        try {
            if (utf8 == null) {
                textFrames.flush(settings.sendTimeout.toNanos());
            } else {
                textFrames.send(utf8, more, settings.sendTimeout.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending to Twilio");
        } catch (TimeoutException e) {
            settle(CallEnd.TRANSPORT_FAILED);
            // Not a close handshake: its frame would queue behind the ones the client is not reading.
            s.disconnect();
            throw new IOException("Twilio did not take a message within " + settings.sendTimeout.toMillis()
                    + " ms (the client stopped reading)", e);
        } catch (ExecutionException e) {
            settle(CallEnd.TRANSPORT_FAILED);
            throw new IOException("sending to Twilio failed: " + e.getCause(), e.getCause());
        }
    }

    private static boolean startsWith(ByteBuffer message, byte[] prefix) {
        if (message.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message.get(message.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * TEXT frames from {@code ByteBuffer}s through Jetty's core session, one at a time, each waited for: Jetty 12's
     * API {@code Session.sendText} takes only a {@code String}, the core {@code CoreSession.sendFrame} a frame
     * whose payload is any buffer. One {@link Frame}, one {@link OutgoingEntry} and this completion serve every
     * message of the call, so sending allocates nothing here (Jetty allocates its own queue entry and gather array
     * per frame). Reuse is safe because each send waits for its completion: Jetty writes the payload (a slice of
     * it) and is done with frame and buffer before it calls {@link #succeeded()}. After a timeout the frame may still
     * be queued in Jetty, so nothing more is sent: the caller disconnects and every later send fails at once.
     *
     * <p>The completion does nothing but record the outcome and unpark the sender, so Jetty may call it on any of
     * its threads ({@link Invocable.InvocationType#NON_BLOCKING}); when the socket takes the frame at once, Jetty
     * completes it inside {@code sendFrame} and the sender never parks.
     */
    private static final class TextFrames implements org.eclipse.jetty.util.Callback {
        private static final int PENDING = 0;
        private static final int SUCCEEDED = 1;
        private static final int FAILED = 2;

        private final CoreSession core;
        private final Frame frame = new Frame(OpCode.TEXT);
        private final OutgoingEntry entry;
        /**
         * The same frame and completion, batched: Jetty copies the frame into its batch buffer and completes it
         * there, and writes the buffer with the next frame that is not batched, or on a flush.
         */
        private final OutgoingEntry batched;
        private volatile int state = SUCCEEDED;
        private volatile Throwable failure;
        /** The sender while it is parked waiting, else {@code null}: set before its last check of the state. */
        private volatile Thread waiting;
        /** A send timed out: the connection is being abandoned. Touched by the sender only. */
        private boolean abandoned;

        TextFrames(CoreSession core) {
            this.core = core;
            this.entry = new OutgoingEntry.Builder(frame, this).batch(false).build();
            this.batched = new OutgoingEntry.Builder(frame, this).batch(true).build();
        }

        /**
         * Sends {@code utf8} (position to limit) as one TEXT frame and waits until it is written, or with {@code
         * more} until Jetty has copied it into its batch buffer (written with the next frame sent without, or on
         * {@link #flush}).
         *
         * @throws TimeoutException   if Jetty has not written it within {@code timeoutNanos}
         * @throws ExecutionException if Jetty failed to write it (its cause), or an earlier send timed out
         */
        void send(ByteBuffer utf8, boolean more, long timeoutNanos)
                throws InterruptedException, TimeoutException, ExecutionException {
            checkUsable();
            long deadline = System.nanoTime() + timeoutNanos;
            frame.setPayload(utf8);
            failure = null;
            state = PENDING;
            core.sendFrame(more ? batched : entry);
            await(deadline, timeoutNanos);
        }

        /** Writes what Jetty holds in its batch buffer and waits until it is written, as {@link #send} does. */
        void flush(long timeoutNanos) throws InterruptedException, TimeoutException, ExecutionException {
            checkUsable();
            long deadline = System.nanoTime() + timeoutNanos;
            failure = null;
            state = PENDING;
            core.flush(this);
            await(deadline, timeoutNanos);
        }

        private void checkUsable() throws ExecutionException {
            if (abandoned) {
                throw new ExecutionException(new IOException("an earlier message timed out; the connection is"
                        + " being closed"));
            }
        }

        private void await(long deadline, long timeoutNanos)
                throws InterruptedException, TimeoutException, ExecutionException {
            while (state == PENDING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandoned = true;
                    throw new TimeoutException("no completion within " + timeoutNanos / 1_000_000 + " ms");
                }
                waiting = Thread.currentThread();
                if (state == PENDING) {
                    LockSupport.parkNanos(this, left);
                }
                waiting = null;
                if (Thread.interrupted()) {
                    abandoned = true;
                    throw new InterruptedException("interrupted while waiting for the write");
                }
            }
            if (state == FAILED) {
                throw new ExecutionException(failure);
            }
        }

        @Override
        public void succeeded() {
            state = SUCCEEDED;
            wake();
        }

        @Override
        public void failed(Throwable cause) {
            failure = cause;
            state = FAILED;
            wake();
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void wake() {
            Thread t = waiting;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void closeSession(int status, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(status, reason, Callback.NOOP);
        }
    }

    // ------------------------------------------------------------------------------------ Call

    @Override
    public String callSid() {
        return requireStarted().callSid();
    }

    @Override
    public String streamSid() {
        return requireStarted().streamSid();
    }

    @Override
    public String accountSid() {
        return requireStarted().accountSid();
    }

    @Override
    public Map<String, String> customParameters() {
        return requireStarted().customParameters();
    }

    @Override
    public Utterance say(String text) {
        return track(player.play(text));
    }

    @Override
    public Utterance sayStreaming(Iterator<? extends CharSequence> tokens) {
        return track(player.playStreaming(tokens));
    }

    private Utterance track(Utterance u) {
        utterances.incrementAndGet();
        CompletionStage<PlaybackOutcome> outcome = u.outcome();
        outcome.thenAccept(o -> {
            if (o instanceof PlaybackOutcome.Interrupted) {
                interrupted.incrementAndGet();
            } else if (o instanceof PlaybackOutcome.Failed f) {
                metrics.engineError(f.error().kind().name().toLowerCase(java.util.Locale.ROOT));
                LOG.log(System.Logger.Level.WARNING, () -> this + ": " + u + " failed: " + f.error().getMessage());
            }
        });
        return u;
    }

    @Override
    public List<Utterance> interrupt() {
        return player.interrupt();
    }

    @Override
    public void bargeIn(boolean enabled) {
        bargeIn = enabled;
    }

    @Override
    public boolean callerSpeaking() {
        VoiceActivityDetector v = vad;
        return v != null && v.isSpeaking();
    }

    @Override
    public void hangUp() {
        settle(CallEnd.HUNG_UP);
        closeSession(StatusCode.NORMAL, "hang up");
    }

    private InboundMessage.Start requireStarted() {
        InboundMessage.Start s = start;
        if (s == null) {
            throw new IllegalStateException("the call has not started yet (no start message from Twilio)");
        }
        return s;
    }

    // ------------------------------------------------------------------------------------ server side

    /** Marks sent and not yet echoed on this call. */
    int marksPending() {
        OutboundPlayer p = player;
        return p == null ? 0 : p.marksPending();
    }

    /** Shutdown: stops playback (clear) and closes the stream. */
    void drain() {
        settle(CallEnd.DRAINED);
        OutboundPlayer p = player;
        if (p != null) {
            p.interrupt();
        }
        closeSession(StatusCode.SHUTDOWN, "server shutting down");
    }

    /** Waits up to {@code millis} for the call's thread (its handler's last callback) to end. */
    boolean awaitFinished(long millis) throws InterruptedException {
        return thread.join(java.time.Duration.ofMillis(millis));
    }

    /** The call's thread, interrupted at the end of a shutdown if a handler still holds it. */
    void interruptThread() {
        thread.interrupt();
    }

    private String callSidOrUnknown() {
        InboundMessage.Start s = start;
        return s == null ? "(before start, connection " + number + ")" : s.callSid();
    }

    @Override
    public String toString() {
        return "call " + callSidOrUnknown();
    }
}
