package io.github.voxbridge.twilio.server;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.MediaMessageReader;
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

/**
 * The server's end of one call: the Media Stream's WebSocket endpoint, the call's {@link OutboundPlayer}, the
 * caller's audio decoded for the voice activity detector (barge-in) and the handler, and the handler's own virtual
 * thread with its event queue.
 *
 * <pre>
 *   selector thread (MediaSocketConnection: frame, UTF-8) ──► parse ──► player (start, mark, stop)
 *                          ├─► decoder 8 kHz ──► VAD ──► barge-in: player.interrupt() (on a virtual thread)
 *                          │     (its start threshold raised by the echo of what the player sent: PlaybackEcho)
 *                          └─► events queue ──► call thread ──► CallHandler callbacks ──► say() ──► player
 *   player thread ──► Utf8TextTransport ──► MediaSocketConnection.sendText (copied into the connection's output
 *                        buffer; a refill written at once, waited for, bounded by the send timeout; no String a frame)
 * </pre>
 * The reader runs on Jetty's selector thread and never waits, on the handler, the engine or a write: it parses,
 * decodes 20 ms of audio, runs the detector and queues; whatever may wait (a barge-in's {@code clear}, closing the
 * player at the end) goes to a virtual thread of its own. So Twilio's inbound media is always read on time, and
 * one selector thread reads many calls without a thread hand-off per message.
 *
 * <p>Handlers see it as a {@link Call}.
 */
final class CallSession implements MediaSocketConnection.Listener, Call {

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

    /** The media stream's WebSocket; set on open. */
    private volatile MediaSocketConnection socket;
    private volatile OutboundPlayer player;
    private volatile InboundMessage.Start start;
    private volatile boolean bargeIn;
    private volatile CallEnd end;
    private volatile boolean handlerFailed;

    // Reader state: Jetty's selector delivers one message at a time; the end of the call (on another thread) takes
    // the lock too, so a decoder is never used after its end.
    private final Object readerLock = new Object();
    /** Reads the media messages in place, under {@link #readerLock}. */
    private final MediaMessageReader mediaReader = MediaMessageReader.inbound();
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
    public void onOpen(MediaSocketConnection socket) {
        this.socket = socket;
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

    /**
     * The media message of every 20 ms, read in place without garbage ({@link MediaMessageReader}); any other
     * message, or a media message the reader leaves to the codec, goes on to {@link #onText}.
     */
    @Override
    public boolean onTextBytes(byte[] utf8, int length) {
        synchronized (readerLock) {
            if (!mediaReader.read(utf8, 0, length)) {
                return false;
            }
            if (mediaAllowed()) {
                vadDecoder.accept(mediaReader);
                if (handlerDecoder != null) {
                    handlerDecoder.accept(mediaReader);
                }
            }
            return true;
        }
    }

    @Override
    public void onText(String json) {
        synchronized (readerLock) {
            read(json);
        }
    }

    private void read(String json) {
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
            case InboundMessage.Stop s -> stoppedLater(CallEnd.COMPLETED);
            case InboundMessage.Unknown u -> protocolError("unknown_event",
                    "an unknown event \"" + TtsException.excerpt(u.event(), 40) + "\"");
        }
    }

    @Override
    public void onBinary(long length) {
        protocolError("binary", "a binary message of " + length + " bytes (Media Streams is text only)");
    }

    @Override
    public void onClosed(int code, String reason) {
        stoppedLater(CallEnd.DISCONNECTED);
    }

    @Override
    public void onFailure(Throwable cause) {
        if (cause instanceof WebSocketFailure f && f.closeCode() == ClientFrameParser.CLOSE_TOO_LARGE) {
            metrics.protocolError("message_too_large");
            settle(CallEnd.PROTOCOL_ERROR);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": closed: " + cause.getMessage());
        } else if (cause instanceof WebSocketFailure) {
            metrics.protocolError("websocket");
            settle(CallEnd.PROTOCOL_ERROR);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": closed: " + cause.getMessage());
        } else if (cause instanceof TimeoutException) {
            settle(CallEnd.TIMED_OUT);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": no message from Twilio for "
                    + settings.idleTimeout.toSeconds() + " s, closing");
        } else {
            settle(CallEnd.DISCONNECTED);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": WebSocket error: " + cause);
        }
        stoppedLater(end);
    }

    /**
     * {@link #stopped} off the selector thread: closing the player waits for its thread, which Jetty's selector
     * must never do. The reason is settled here first, on the thread that delivers the messages in order: a
     * {@code stop} followed by the close it causes each start a thread, and whichever ran first used to decide, so a
     * hang-up was now and then reported as DISCONNECTED (MediaStreamServerTest, once in CI).
     */
    private void stoppedLater(CallEnd why) {
        settle(why);
        Thread.ofVirtual().name("voxbridge-call-end-" + number).start(() -> stopped(why));
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
                if (bargeIn) {
                    // interrupt() sends clear and waits for the write: not on the selector thread.
                    Thread.ofVirtual().name("voxbridge-barge-in-" + number).start(() -> {
                        if (!player.interrupt().isEmpty()) {
                            metrics.bargeIn();
                        }
                    });
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
        if (mediaAllowed()) {
            vadDecoder.accept(m);
            if (handlerDecoder != null) {
                handlerDecoder.accept(m);
            }
        }
    }

    /**
     * Whether a media message may go to the decoders now: not before {@code start} (a protocol error) nor after
     * the end. If so, tells the detector how loud our own playback may be echoing first.
     */
    private boolean mediaAllowed() {
        if (start == null) {
            metrics.inboundFrameDropped();
            protocolError("media_before_start", "media before start");
            return false;
        }
        if (stopped.get()) {
            return false;
        }
        vad.playbackLevel(echo.loudestDbfs(System.nanoTime()));
        return true;
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
        synchronized (readerLock) {
            if (vadDecoder != null) {
                vadDecoder.end();
            }
            InboundTrackDecoder toHandler = handlerDecoder;
            if (toHandler != null) {
                toHandler.end();
            }
        }
        if (start != null) {
            CallEnd reported = end;
            queue(() -> handler.onStop(this, reported));
        }
        events.add(END_OF_EVENTS);
        closeSession(end == CallEnd.HANDLER_FAILED ? ClientFrameParser.CLOSE_SERVER_ERROR
                : ClientFrameParser.CLOSE_NORMAL, end.tag().replace('_', ' '));
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
                closeSession(ClientFrameParser.CLOSE_SERVER_ERROR, "handler failed");
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
            closeSession(ClientFrameParser.CLOSE_SERVER_ERROR, "handler failed");
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

    /** One message (or, with {@code utf8} null, a flush) through the socket, its failures mapped. */
    private void transfer(ByteBuffer utf8, boolean more) throws IOException {
        MediaSocketConnection s = socket;
        try {
            if (utf8 == null) {
                s.flush(settings.sendTimeout.toNanos());
            } else {
                s.sendText(utf8, more, settings.sendTimeout.toNanos());
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

    private void closeSession(int status, String reason) {
        MediaSocketConnection s = socket;
        if (s != null && s.isOpen()) {
            s.closeStream(status, reason);
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
        closeSession(ClientFrameParser.CLOSE_NORMAL, "hang up");
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
        closeSession(ClientFrameParser.CLOSE_GOING_AWAY, "server shutting down");
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
