package io.github.voxbridge.twilio.testkit;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.MediaMessageReader;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.protocol.TwilioProtocolException;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Twilio's side of one phone call, for the tests of a voice server: it does what Twilio does on an inbound call to
 * a number whose voice webhook is the server, over real HTTP and a real WebSocket (the JDK's clients), and records
 * what the caller heard.
 *
 * {@snippet id="call-simulator-call" :
 * try (CallSimulator call = CallSimulator.builder()
 *         .webhook(URI.create(serverUrl + "/voice"))    // the number's voice webhook
 *         .authToken(authToken)                         // signs the webhook and the WebSocket upgrade
 *         .build()) {
 *     call.start();                                     // webhook, TwiML, WebSocket, start, caller's media
 *     CallRecording heard = call.awaitMarkEchoed("utterance-1", Duration.ofSeconds(10));
 *     assertEquals(0, heard.summary().underruns());     // the greeting played without a drop-out
 *     assertArrayEquals(greeting, heard.heardAudio());  // the mu-law the caller heard, byte for byte
 * }                                                     // hangs up: stop, then close
 * }
 *
 * <h2>What it sends (Twilio Media Streams)</h2>
 * <ol>
 *   <li>With a {@link Builder#webhook webhook}: a form POST with {@code AccountSid}, {@code ApiVersion},
 *       {@code CallSid}, {@code CallStatus=ringing}, {@code Called}, {@code Caller}, {@code Direction=inbound},
 *       {@code From}, {@code To} (and any {@link Builder#webhookParameter extra}), signed with
 *       {@value TwilioSignature#HEADER} when an auth token is set ({@link TwilioSignature}). The answer must be 200
 *       with TwiML holding {@code <Connect><Stream url>} ({@link StreamTwiml}). Without a webhook the stream URL and
 *       parameters are given directly ({@link Builder#streamUrl}).</li>
 *   <li>The WebSocket to the {@code <Stream url>} (or to {@link Builder#connectTo}, for a URL that names a public
 *       host), its upgrade signed over that URL without parameters.</li>
 *   <li>{@code connected}; {@code start} (sequence number 1, {@code tracks ["inbound"]}, mu-law 8000 Hz mono, the
 *       TwiML's {@code <Parameter>}s as {@code customParameters}).</li>
 *   <li>Every 20 ms of the clock from {@code start}: {@code media} with 160 bytes of the {@link CallerAudio}, track
 *       {@code inbound}, {@code chunk} 1, 2, 3... and {@code timestamp} {@code 20 * (chunk - 1)} ms (the first sample
 *       of the payload, from the stream's start). {@code dtmf} when told ({@link #dtmf}). {@code sequenceNumber}
 *       counts every message after {@code connected}, from 1, in the order they go on the wire.</li>
 *   <li>{@code stop} on {@link #hangUp()}, then a normal close of the WebSocket.</li>
 * </ol>
 *
 * <h2>What it does with what it receives</h2>
 * It plays the server's audio on the clock at 8000 Hz from a playback buffer, echoes each {@code mark} when playback
 * reaches it, and on {@code clear} empties the buffer and echoes the pending marks at once; the exact rules are
 * {@link CallRecording}'s and the timeline's ({@link TimelineSpan}). Anything Twilio would reject (not JSON, an
 * unknown event, a binary frame, another stream's sid, a message before {@code start}) is recorded as a
 * {@link ProtocolError} and otherwise ignored: it never ends the call or throws.
 *
 * <h2>Time</h2>
 * The {@link Builder#clock clock} is the system's by default. A test that shares a {@link ManualClock} with the
 * server's player decides every send, every arrival time and every echo: playback, marks, underruns and latency
 * become exact values. The simulator's threads park on that clock; their names start with {@value #THREAD_PREFIX}.
 *
 * <p>Thread-safe. One simulator is one call; it is not reusable after {@link #hangUp()} or {@link #close()}.
 */
public final class CallSimulator implements AutoCloseable, MediaPacer.Paced {

    /** Bytes of a 20 ms media message at 8000 Hz, one byte per mu-law sample. */
    public static final int FRAME_BYTES = 160;

    /** 20 ms, the interval between Twilio's inbound media messages, in nanoseconds. */
    public static final long FRAME_NANOS = 20_000_000L;

    /** The names of the simulator's threads start with this. */
    public static final String THREAD_PREFIX = "voxbridge-callsim-";

    /** The API version Twilio's voice webhooks carry (the form parameter {@code ApiVersion}). */
    static final String API_VERSION = "2010-04-01";

    /** DTMF digits a phone can send: RFC 4733 events 0-15 as Twilio names them. */
    private static final Pattern DIGIT = Pattern.compile("[0-9*#A-D]");
    private static final AtomicLong CALLS = new AtomicLong();

    private final Builder settings;
    private final PlaybackClock clock;
    /**
     * Thread-safe and shared: an instance holds a Jackson mapper. Its first parse, which loads and links Jackson's
     * classes (tens of ms, more on a loaded machine), is done here, not while a server's first frames arrive, so
     * that their arrival times are not skewed by it.
     */
    private static final TwilioCodec CODEC = warmedUp(new TwilioCodec());
    /** Held while a message goes on the wire (and its sequence number is taken); taken before {@link #lock}. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Guards the playback state and the errors. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ProtocolError> errors = new ArrayList<>();
    private final CompletableFuture<Void> socketClosed = new CompletableFuture<>();
    private final long id = CALLS.incrementAndGet();
    /** Messages of every kind received from the server. */
    private final AtomicLong received = new AtomicLong();

    private StreamTwiml stream;
    private volatile WebSocket socket;
    private volatile PlaybackBuffer buffer;
    private long sequence;
    private Thread media;
    private Thread marks;
    /** Paced sending ({@link Builder#pacer}): the frame, the writer, the next chunk, its due time, the last send. */
    private byte[] pacedFrame;
    private InboundMediaWriter pacedWriter;
    private long pacedChunk = 1;
    private long pacedNext;
    /** The last media send not waited for (paced mode); guarded by {@link #sendLock}. */
    private CompletableFuture<WebSocket> pendingMedia;
    private volatile boolean ended;

    private CallSimulator(Builder settings) {
        this.settings = settings;
        this.clock = settings.clock;
    }

    private static TwilioCodec warmedUp(TwilioCodec codec) {
        codec.parseOutbound(codec.write(new OutboundMessage.Media("MZ", new byte[FRAME_BYTES])));
        return codec;
    }

    /** Starts configuring a call. */
    public static Builder builder() {
        return new Builder();
    }

    // -------------------------------------------------------------------------------------------------- the call

    /**
     * Posts the webhook (if configured), reads the TwiML and opens the WebSocket; sends nothing on it yet. For a
     * test that must see the server's side of the connection before {@code start}; {@link #start()} connects if
     * this was not called.
     *
     * @throws IOException if the webhook fails or answers other than 200, the TwiML has no {@code <Connect><Stream>},
     *                     or the WebSocket upgrade is refused (the message names the URL and the status)
     * @throws IllegalStateException if already connected
     */
    public synchronized void connect() throws IOException, InterruptedException {
        if (socket != null) {
            throw new IllegalStateException("call " + settings.callSid + " is already connected");
        }
        HttpClient http = settings.httpClient != null ? settings.httpClient : SharedClient.INSTANCE;
        stream = settings.webhook != null ? postWebhook(http)
                : new StreamTwiml(settings.streamUrl, settings.customParameters);
        URI target = settings.connectTo != null ? settings.connectTo : stream.url();
        WebSocket.Builder ws = http.newWebSocketBuilder().connectTimeout(settings.timeout);
        if (settings.signature != null) {
            ws.header(TwilioSignature.HEADER, settings.signature.sign(stream.url().toString()));
        }
        try {
            socket = ws.buildAsync(target, new Listener()).get(settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new IOException("WebSocket upgrade to " + target + " refused: HTTP "
                        + h.getResponse().statusCode(), h);
            }
            throw new IOException("WebSocket to " + target + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("WebSocket to " + target + " not open after " + settings.timeout, e);
        }
    }

    private StreamTwiml postWebhook(HttpClient http) throws IOException, InterruptedException {
        Map<String, String> form = webhookParameters();
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.webhook)
                .timeout(settings.timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                // What Twilio's webhook requests carry; a server may log or route by it.
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (settings.signature != null) {
            String signedUrl = settings.publicWebhookUrl != null ? settings.publicWebhookUrl
                    : settings.webhook.toString();
            request.header(TwilioSignature.HEADER, settings.signature.sign(signedUrl, form));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("webhook " + settings.webhook + " answered HTTP " + response.statusCode() + ": "
                    + StreamTwiml.excerpt(response.body()));
        }
        try {
            return StreamTwiml.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new IOException("webhook " + settings.webhook + ": " + e.getMessage(), e);
        }
    }

    /** The form parameters of the voice webhook, in the order they are posted. */
    Map<String, String> webhookParameters() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", settings.accountSid);
        form.put("ApiVersion", API_VERSION);
        form.put("CallSid", settings.callSid);
        form.put("CallStatus", "ringing");
        form.put("Called", settings.to);
        form.put("Caller", settings.from);
        form.put("Direction", "inbound");
        form.put("From", settings.from);
        form.put("To", settings.to);
        form.putAll(settings.webhookParameters);
        return form;
    }

    /**
     * Starts the stream: connects if {@link #connect()} was not called, sends {@code connected} and {@code start},
     * and starts the caller's media every 20 ms and the echo of marks. The timeline and the default latency
     * reference begin at the clock time {@code start} is sent.
     *
     * @throws IOException as {@link #connect()}, or if the messages cannot be sent
     * @throws IllegalStateException if already started
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (socket == null) {
            connect();
        }
        long origin;
        sendLock.lock();
        try {
            lock.lock();
            try {
                if (buffer != null) {
                    throw new IllegalStateException("call " + settings.callSid + " already started");
                }
                origin = clock.nanoTime();
                buffer = new PlaybackBuffer(origin, settings.summaryOnly);
            } finally {
                lock.unlock();
            }
            sendNow(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
            sendNow(CODEC.write(new InboundMessage.Start(++sequence, settings.streamSid, settings.accountSid,
                    settings.callSid, List.of("inbound"), stream.parameters(), InboundMessage.MediaFormat.TWILIO)));
        } finally {
            sendLock.unlock();
        }
        if (settings.pacer != null) {
            pacedFrame = new byte[FRAME_BYTES];
            pacedWriter = new InboundMediaWriter(CODEC, settings.streamSid);
            pacedNext = origin + FRAME_NANOS;
            settings.pacer.add(this);
        } else {
            media = Thread.ofVirtual().name(THREAD_PREFIX + id + "-media").start(() -> sendCallerAudio(origin));
        }
        marks = Thread.ofVirtual().name(THREAD_PREFIX + id + "-marks").start(this::echoMarksWhenReached);
    }

    /**
     * Sends a {@code dtmf} message, as when the caller presses a key.
     *
     * @param digit {@code 0}-{@code 9}, {@code *}, {@code #}, {@code A}-{@code D}
     * @throws IllegalArgumentException for anything else
     * @throws IllegalStateException if the call has not started or has ended
     */
    public void dtmf(String digit) throws IOException {
        if (digit == null || !DIGIT.matcher(digit).matches()) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit + " (0-9, *, #, A-D)");
        }
        sendLock.lock();
        try {
            requireLive();
            sendNow(CODEC.write(new InboundMessage.Dtmf(++sequence, settings.streamSid, "inbound_track", digit)));
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Measures first-frame latency from {@code clockNanos} (e.g. the time the test asked the server to speak) to the
     * first media message arriving at or after it. By default it is measured from {@code start}.
     */
    public void latencyFrom(long clockNanos) {
        lock.lock();
        try {
            requireStarted().latencyFrom(clockNanos);
        } finally {
            lock.unlock();
        }
    }

    /** {@link #latencyFrom(long) latencyFrom} the clock's now; returns that time. */
    public long latencyFromNow() {
        long now = clock.nanoTime();
        latencyFrom(now);
        return now;
    }

    /**
     * Hangs up: sends {@code stop}, stops playback there (what is buffered or arrives later is lost), closes the
     * WebSocket normally and waits (up to the builder's timeout) for the server to close its side. Once the call
     * has ended (also when the server closed it) this only returns the recording.
     *
     * @return what the caller heard, final
     * @throws IllegalStateException if the call never started
     */
    public CallRecording hangUp() throws InterruptedException {
        boolean sendStop;
        sendLock.lock();
        try {
            lock.lock();
            try {
                requireStarted();
                sendStop = !buffer.ended();
                buffer.end(clock.nanoTime());
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (sendStop) {
                sendNow(CODEC.write(new InboundMessage.Stop(++sequence, settings.streamSid, settings.accountSid,
                        settings.callSid)));
            }
        } finally {
            sendLock.unlock();
        }
        stopThreads();
        if (sendStop) {
            Exception closeFailed = null;
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // A server that closes as soon as stop arrives may close first: the JDK client has then answered its
                // close (onClose), and ours fails with "Output closed". Only an error if the socket never closed.
                closeFailed = e;
            }
            try {
                socketClosed.get(settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                error(ProtocolError.Kind.TRANSPORT, "the server did not close the WebSocket after stop: "
                        + (closeFailed != null ? closeFailed : e));
            }
            socket.abort();
        }
        return recording();
    }

    /** Hangs up if the call is live, and releases the socket and threads. Never throws. */
    @Override
    public void close() {
        try {
            if (buffer != null) {
                hangUp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // closing: the recording has the transport error
        } finally {
            ended = true;
            stopThreads();
            if (socket != null) {
                socket.abort();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- observations

    /**
     * What the caller has heard so far (everything, once the call has ended).
     *
     * @throws IllegalStateException if the call has not started
     */
    public CallRecording recording() {
        lock.lock();
        try {
            return requireStarted().recording(clock.nanoTime(), errors);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the recording satisfies {@code condition} (checked on every message and at least every 20 ms of
     * real time), and returns that recording.
     *
     * @throws TimeoutException if it does not within {@code timeout} (real time), with the last recording's summary
     */
    public CallRecording await(Predicate<CallRecording> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                CallRecording now = requireStarted().recording(clock.nanoTime(), errors);
                if (condition.test(now)) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("call " + settings.callSid + ": condition not met within " + timeout
                            + "; " + now);
                }
                changed.awaitNanos(Math.min(left, FRAME_NANOS));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the mark {@code name} has been echoed (by playback or a clear). */
    public CallRecording awaitMarkEchoed(String name, Duration timeout) throws InterruptedException, TimeoutException {
        return await(r -> r.marks().stream().anyMatch(m -> m.echoed() && m.name().equals(name)), timeout);
    }

    /** Waits until {@code frames} media messages have arrived from the server. */
    public CallRecording awaitMediaReceived(int frames, Duration timeout)
            throws InterruptedException, TimeoutException {
        return await(r -> r.summary().framesReceived() >= frames, timeout);
    }

    /** Messages of every kind received from the server so far, valid or not. For tests that step a clock. */
    public long messagesReceived() {
        return received.get();
    }

    /** The stream this call opened, as the TwiML (or the builder) gave it; null before {@link #connect()}. */
    public synchronized StreamTwiml stream() {
        return stream;
    }

    /** The call's {@code CallSid}. */
    public String callSid() {
        return settings.callSid;
    }

    /** The call's {@code streamSid}. */
    public String streamSid() {
        return settings.streamSid;
    }

    /** The clock this simulator plays by. */
    public PlaybackClock clock() {
        return clock;
    }

    // ----------------------------------------------------------------------------------------------- internals

    private PlaybackBuffer requireStarted() {
        if (buffer == null) {
            throw new IllegalStateException("call " + settings.callSid + " has not started (call start())");
        }
        return buffer;
    }

    private void requireLive() {
        lock.lock();
        try {
            if (requireStarted().ended()) {
                throw new IllegalStateException("call " + settings.callSid + " has ended");
            }
        } finally {
            lock.unlock();
        }
    }

    /** The caller's audio, 20 ms per message on the clock, from {@code origin} + 20 ms until the call ends. */
    private void sendCallerAudio(long origin) {
        byte[] frame = new byte[FRAME_BYTES];
        InboundMediaWriter writer = new InboundMediaWriter(CODEC, settings.streamSid);
        long chunk = 1;
        long next = origin + FRAME_NANOS;
        while (!ended) {
            if (clock.nanoTime() - next < 0) {
                clock.parkUntil(next);
                continue; // woken early or interrupted: look again
            }
            settings.callerAudio.frame(chunk - 1, frame);
            sendLock.lock();
            try {
                if (ended) {
                    return;
                }
                sendNow(writer.write(++sequence, chunk, (chunk - 1) * (FRAME_NANOS / 1_000_000), frame));
            } finally {
                sendLock.unlock();
            }
            chunk++;
            next += FRAME_NANOS;
        }
    }

    /**
     * Paced mode: sends the caller's frame if it is due, the last one is written and nobody else is sending. Never
     * waits; on the pacer's thread.
     */
    @Override
    public boolean sendDue(long now) {
        if (ended) {
            return false;
        }
        if (now - pacedNext < 0 || !sendLock.tryLock()) {
            return true;
        }
        try {
            if (ended) {
                return false;
            }
            if (!mediaWritten(false)) {
                return true;
            }
            settings.callerAudio.frame(pacedChunk - 1, pacedFrame);
            CharSequence json = pacedWriter.write(++sequence, pacedChunk,
                    (pacedChunk - 1) * (FRAME_NANOS / 1_000_000), pacedFrame);
            pendingMedia = socket.sendText(json, true);
            pacedChunk++;
            pacedNext += FRAME_NANOS;
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Whether the last paced media send is done (waiting for it up to the timeout if {@code wait}), recording its
     * failure once. The caller holds {@link #sendLock}.
     */
    private boolean mediaWritten(boolean wait) {
        CompletableFuture<WebSocket> last = pendingMedia;
        if (last == null) {
            return true;
        }
        if (!last.isDone()) {
            if (!wait) {
                return false;
            }
            try {
                last.get(settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                // recorded below
            }
        }
        pendingMedia = null;
        if (last.isCompletedExceptionally()) {
            Throwable cause = last.exceptionNow();
            error(ProtocolError.Kind.TRANSPORT, "could not send a media message: " + cause);
        } else if (!last.isDone()) {
            error(ProtocolError.Kind.TRANSPORT, "a media message was not written within "
                    + settings.timeout.toMillis() + " ms");
        }
        return true;
    }

    /** Echoes each pending mark when playback reaches it: waits for marks on the lock, for time on the clock. */
    private void echoMarksWhenReached() {
        while (!ended) {
            long at;
            lock.lock();
            try {
                OptionalLong next = buffer.nextMarkAt();
                if (next.isEmpty()) {
                    changed.await();
                    continue;
                }
                at = next.getAsLong();
            } catch (InterruptedException e) {
                continue; // ended, or a spurious interrupt: the loop condition decides
            } finally {
                lock.unlock();
            }
            if (at - clock.nanoTime() > 0) {
                clock.parkUntil(at);
                continue;
            }
            sendLock.lock();
            try {
                List<String> reached;
                lock.lock();
                try {
                    reached = buffer.takeReachedMarks(clock.nanoTime());
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                for (String name : reached) {
                    sendNow(CODEC.write(new InboundMessage.Mark(++sequence, settings.streamSid, name)));
                }
            } finally {
                sendLock.unlock();
            }
        }
    }

    /**
     * One text message from the server, whole, that arrived at {@code arrival} (taken before parsing: the parse's
     * time is the simulator's, not the network's). Counted in {@link #received} once applied, so that a test that
     * sees the count also sees the message in the recording.
     */
    private void onText(String json, long arrival) {
        try {
            apply(json, arrival);
        } finally {
            received.incrementAndGet();
        }
    }

    /**
     * A media message {@code media} has just read in place (what the server sends every 20 ms): recorded as
     * {@link #apply} records the same message parsed, without the garbage of parsing it.
     */
    private void onMedia(MediaMessageReader media, long arrival) {
        try {
            lock.lock();
            try {
                if (buffer == null) {
                    errorLocked(ProtocolError.Kind.BEFORE_START, "media before start: the server cannot know the"
                            + " streamSid yet");
                    return;
                }
                if (!media.streamSidIs(settings.streamSid)) {
                    errorLocked(ProtocolError.Kind.WRONG_STREAM_SID, "media for stream "
                            + StreamTwiml.excerpt(media.streamSid()) + ", this call's is " + settings.streamSid);
                    return;
                }
                int samples = media.payloadLength();
                buffer.media(settings.keepAudio ? Arrays.copyOf(media.payload(), samples) : null, samples, arrival);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        } finally {
            received.incrementAndGet();
        }
    }

    private void apply(String json, long arrival) {
        OutboundMessage message;
        try {
            message = CODEC.parseOutbound(json);
        } catch (TwilioProtocolException e) {
            boolean unknownEvent = "event".equals(e.field()) && e.getMessage().contains("unknown outbound event");
            error(unknownEvent ? ProtocolError.Kind.UNKNOWN_EVENT : ProtocolError.Kind.MALFORMED, e.getMessage());
            return;
        }
        boolean clear = message instanceof OutboundMessage.Clear;
        if (clear) {
            sendLock.lock(); // the echoes of a clear go out before any later message of ours
        }
        try {
            List<String> echoes = List.of();
            lock.lock();
            try {
                long now = arrival;
                if (buffer == null) {
                    errorLocked(ProtocolError.Kind.BEFORE_START, message.event()
                            + " before start: the server cannot know the streamSid yet");
                    return;
                }
                if (!message.streamSid().equals(settings.streamSid)) {
                    errorLocked(ProtocolError.Kind.WRONG_STREAM_SID, message.event() + " for stream "
                            + StreamTwiml.excerpt(message.streamSid()) + ", this call's is "
                            + settings.streamSid);
                    return;
                }
                switch (message) {
                    case OutboundMessage.Media m -> buffer.media(settings.keepAudio ? m.payload() : null,
                            m.payload().length, now);
                    case OutboundMessage.Mark m -> buffer.mark(m.name(), now);
                    case OutboundMessage.Clear c -> echoes = buffer.clear(now);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            for (String name : echoes) {
                sendNow(CODEC.write(new InboundMessage.Mark(++sequence, settings.streamSid, name)));
            }
        } finally {
            if (clear) {
                sendLock.unlock();
            }
        }
    }

    /**
     * Sends one text frame and waits until it is written (so a reused buffer may be written again); the caller
     * holds {@link #sendLock}. A failure is recorded, not thrown.
     */
    private void sendNow(CharSequence json) {
        mediaWritten(true); // the JDK's WebSocket takes one send at a time
        try {
            socket.sendText(json, true).get(settings.timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ProtocolError.Kind.TRANSPORT, "interrupted while sending " + StreamTwiml.excerpt(json.toString()));
        } catch (ExecutionException | TimeoutException e) {
            error(ProtocolError.Kind.TRANSPORT, "could not send " + StreamTwiml.excerpt(json.toString()) + ": "
                    + (e instanceof ExecutionException ? e.getCause() : e));
        }
    }

    private void error(ProtocolError.Kind kind, String detail) {
        lock.lock();
        try {
            errorLocked(kind, detail);
        } finally {
            lock.unlock();
        }
    }

    private void errorLocked(ProtocolError.Kind kind, String detail) {
        errors.add(new ProtocolError(clock.nanoTime(), kind, detail));
        changed.signalAll();
    }

    /** The socket closed or failed under us: the call ends there. */
    private void endedByTransport() {
        lock.lock();
        try {
            if (buffer != null) {
                buffer.end(clock.nanoTime());
            }
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stopThreads();
    }

    private void stopThreads() {
        ended = true;
        for (Thread t : new Thread[] {media, marks}) {
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * The JDK WebSocket's callbacks: one at a time, in order. A text message's characters are collected as bytes
     * while they are ASCII (every message the server writes), so that a media message is read in place
     * ({@link MediaMessageReader}); any other message, or one the reader leaves to the codec, is parsed.
     */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        /** The message so far while it is ASCII, one byte per character; grows to the longest message. */
        private byte[] ascii = new byte[512];
        private int asciiLength;
        /** Whether the message so far went to {@link #text} instead (a character beyond ASCII). */
        private boolean notAscii;
        private final MediaMessageReader media = MediaMessageReader.outbound();
        private static final int KEPT_MESSAGE_BYTES = 64 * 1024;
        private long binaryBytes;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            collect(data);
            if (last) {
                long arrival = clock.nanoTime();
                if (!notAscii && media.read(ascii, 0, asciiLength)) {
                    CallSimulator.this.onMedia(media, arrival);
                } else {
                    String json = notAscii ? text.toString()
                            : new String(ascii, 0, asciiLength, StandardCharsets.ISO_8859_1);
                    CallSimulator.this.onText(json, arrival);
                }
                text.setLength(0);
                asciiLength = 0;
                notAscii = false;
                if (ascii.length > KEPT_MESSAGE_BYTES) {
                    ascii = new byte[512]; // a huge message (a test of limits) is not kept for the call's life
                }
            }
            ws.request(1);
            return null;
        }

        private void collect(CharSequence data) {
            int n = data.length();
            if (!notAscii) {
                if (asciiLength + n > ascii.length) {
                    ascii = Arrays.copyOf(ascii, Math.max(asciiLength + n, ascii.length * 2));
                }
                int i = 0;
                for (; i < n; i++) {
                    char c = data.charAt(i);
                    if (c >= 0x80) {
                        break;
                    }
                    ascii[asciiLength + i] = (byte) c;
                }
                asciiLength += i;
                if (i == n) {
                    return;
                }
                notAscii = true;
                text.append(new String(ascii, 0, asciiLength, StandardCharsets.ISO_8859_1));
                text.append(data, i, n);
                return;
            }
            text.append(data);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            binaryBytes += data.remaining();
            if (last) {
                error(ProtocolError.Kind.BINARY_FRAME, "binary frame of " + binaryBytes
                        + " bytes: Twilio takes text frames only and drops it");
                binaryBytes = 0;
                received.incrementAndGet();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            endedByTransport();
            socketClosed.complete(null);
            return null; // the JDK client then completes the close handshake
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            error(ProtocolError.Kind.TRANSPORT, "WebSocket error: " + error);
            endedByTransport();
            socketClosed.complete(null);
        }
    }

    @Override
    public String toString() {
        return "CallSimulator[" + settings.callSid + ", " + (stream == null ? "not connected" : stream.url()) + "]";
    }

    /**
     * The HTTP client of simulators not given one: one for all, because each JDK client runs a selector thread of its
     * own, and a load test of a thousand calls should not start a thousand. Created on first use.
     */
    private static final class SharedClient {
        static final HttpClient INSTANCE = HttpClient.newHttpClient();
    }

    // ------------------------------------------------------------------------------------------------- builder

    /** Settings of one simulated call; every one has a default but where the call goes. Not thread-safe. */
    public static final class Builder {
        private URI webhook;
        private String publicWebhookUrl;
        private URI streamUrl;
        private URI connectTo;
        private final Map<String, String> customParameters = new LinkedHashMap<>();
        private final Map<String, String> webhookParameters = new LinkedHashMap<>();
        private TwilioSignature signature;
        private String callSid = sid("CA");
        private String accountSid = sid("AC");
        private String streamSid = sid("MZ");
        // 555-0100 to 555-0199: the North American numbers reserved for fiction (NANPA).
        private String from = "+15555550100";
        private String to = "+15555550199";
        private PlaybackClock clock = PlaybackClock.system();
        private CallerAudio callerAudio = CallerAudio.silence();
        private boolean keepAudio = true;
        private Duration timeout = Duration.ofSeconds(10);
        private HttpClient httpClient;
        private MediaPacer pacer;
        private boolean summaryOnly;

        private Builder() {
        }

        /** A sid as Twilio makes them: two letters and 32 lower-case hex digits. */
        private static String sid(String prefix) {
            UUID u = UUID.randomUUID();
            return prefix + HexFormat.of().toHexDigits(u.getMostSignificantBits())
                    + HexFormat.of().toHexDigits(u.getLeastSignificantBits());
        }

        /** The voice webhook to POST first (http or https); its TwiML gives the stream. */
        public Builder webhook(URI url) {
            this.webhook = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The webhook URL as Twilio knows it, which the signature covers, when the test reaches the server at
         * another address (behind a proxy: {@code https://example.org/twilio/voice}). Default: the webhook's URL.
         */
        public Builder publicWebhookUrl(String url) {
            this.publicWebhookUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** An extra form parameter of the webhook (e.g. {@code FromCity}); replaces a default of the same name. */
        public Builder webhookParameter(String name, String value) {
            webhookParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** No webhook: open this stream URL directly, as if the TwiML had named it. */
        public Builder streamUrl(URI url) {
            this.streamUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** With {@link #streamUrl}: a {@code <Parameter>} of the stream, sent in {@code start.customParameters}. */
        public Builder customParameter(String name, String value) {
            customParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Where to open the WebSocket when the stream URL names a host the test cannot reach (the server's public
         * name); the upgrade is still signed over the stream URL, as Twilio signs it.
         */
        public Builder connectTo(URI address) {
            this.connectTo = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Signs the webhook and the WebSocket upgrade with this auth token; without one nothing is signed. */
        public Builder authToken(String authToken) {
            this.signature = new TwilioSignature(authToken);
            return this;
        }

        /** The call's sid (default: random, {@code CA} + 32 hex digits). */
        public Builder callSid(String sid) {
            this.callSid = Objects.requireNonNull(sid, "sid");
            return this;
        }

        /** The account's sid (default: random, {@code AC} + 32 hex digits). */
        public Builder accountSid(String sid) {
            this.accountSid = Objects.requireNonNull(sid, "sid");
            return this;
        }

        /** The stream's sid (default: random, {@code MZ} + 32 hex digits). */
        public Builder streamSid(String sid) {
            this.streamSid = Objects.requireNonNull(sid, "sid");
            return this;
        }

        /** The caller's number, E.164 (default {@code +15555550100}). */
        public Builder from(String number) {
            this.from = Objects.requireNonNull(number, "number");
            return this;
        }

        /** The number called, E.164 (default {@code +15555550199}). */
        public Builder to(String number) {
            this.to = Objects.requireNonNull(number, "number");
            return this;
        }

        /** The clock of playback, marks and the caller's media (default: the system's). */
        public Builder clock(PlaybackClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What the caller says (default: silence). */
        public Builder callerAudio(CallerAudio audio) {
            this.callerAudio = Objects.requireNonNull(audio, "audio");
            return this;
        }

        /**
         * Whether to keep the audio received for {@link CallRecording#heardAudio()} (default true; 8 kB a second
         * per call, which a load run of many calls may not want).
         */
        public Builder keepAudio(boolean keep) {
            this.keepAudio = keep;
            return this;
        }

        /** Bound of each network step (HTTP, upgrade, a send, the close), real time (default 10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The JDK HTTP client for the webhook and the WebSocket (default: one shared by every simulator that is not
         * given one). Its connect timeout, if any, applies on top of {@link #timeout}.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Has {@code pacer}'s thread send the caller's media instead of a thread of this call's own ({@link CallLoad}:
         * one thread for all its calls). Only with the system clock.
         */
        Builder pacer(MediaPacer pacer) {
            this.pacer = pacer;
            return this;
        }

        /**
         * Keeps only what the recording's {@link CallSummary} needs ({@link CallLoad}): frames are forgotten once
         * played, the recording has no timeline and no audio, and {@link CallSimulator#latencyFrom} has no effect
         * on frames already received.
         */
        Builder summaryOnly(boolean summaryOnly) {
            this.summaryOnly = summaryOnly;
            return this;
        }

        /**
         * A simulator with these settings, not yet connected.
         *
         * @throws IllegalStateException if neither or both of {@link #webhook} and {@link #streamUrl} are set, or
         *                               custom parameters are given with a webhook (the TwiML gives them)
         */
        public CallSimulator build() {
            if ((webhook == null) == (streamUrl == null)) {
                throw new IllegalStateException("set exactly one of webhook(...) and streamUrl(...); got webhook "
                        + webhook + ", streamUrl " + streamUrl);
            }
            if (webhook != null && !customParameters.isEmpty()) {
                throw new IllegalStateException("custom parameters " + customParameters.keySet()
                        + " come from the webhook's TwiML, not the builder");
            }
            Builder copy = new Builder();
            copy.webhook = webhook;
            copy.publicWebhookUrl = publicWebhookUrl;
            copy.streamUrl = streamUrl;
            copy.connectTo = connectTo;
            copy.customParameters.putAll(customParameters);
            copy.webhookParameters.putAll(webhookParameters);
            copy.signature = signature;
            copy.callSid = callSid;
            copy.accountSid = accountSid;
            copy.streamSid = streamSid;
            copy.from = from;
            copy.to = to;
            copy.clock = clock;
            copy.callerAudio = callerAudio;
            copy.keepAudio = keepAudio;
            copy.timeout = timeout;
            copy.httpClient = httpClient;
            copy.pacer = pacer;
            copy.summaryOnly = summaryOnly;
            return new CallSimulator(copy);
        }
    }
}
