package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.SentenceAggregator;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.UncheckedTtsException;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.protocol.TwilioProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Plays utterances on one Twilio call: what the call's WebSocket handler holds. It speaks text with a
 * {@link TtsEngine}, sends the media a little ahead of real time, follows each utterance with a mark, learns from
 * Twilio's echo that the caller heard it, and stops at once on barge-in.
 *
 * {@snippet id="outbound-player-call" :
 * // In the WebSocket endpoint of one call: engine shared by all calls, transport sends one text frame.
 * OutboundPlayer player = OutboundPlayer.builder(engine).build(transport);
 * // For every text frame from Twilio: player.onMessage(json). When the socket closes: player.close().
 *
 * Utterance greeting = player.play("Thanks for calling. How can I help?");
 * greeting.outcome().thenAccept(outcome -> System.out.println(outcome));  // Played, Interrupted, Failed or Ended
 * // the caller starts talking:
 * player.interrupt();
 * }
 * A whole Jetty 12 endpoint is in the project's README; {@link TextTransport} shows the transport.
 *
 * <h2>Start</h2>
 * Twilio addresses a stream by the {@code streamSid} of its {@code start} message, so nothing is synthesized or
 * sent before {@code start} arrives through {@link #onMessage}: utterances played earlier wait in the queue and
 * start, in order, as soon as it does.
 *
 * <h2>Pacing</h2>
 * Utterances play one after another, in the order of {@link #play} calls, on the player's own virtual thread. Media
 * go out as soon as they are made but never more than the <em>lead</em> (default {@value #DEFAULT_LEAD_MILLIS} ms)
 * ahead of playback: the audio sent and not yet played, counted by the clock from when each frame could start
 * playing, stays at or below the lead. So Twilio's buffer never runs dry while the engine keeps up, a {@code clear}
 * discards at most the lead, and marks come back close to when the caller actually heard the audio. Once the lead
 * is full the player waits for the <em>refill</em> (default one frame) to play, then sends that much at once: a
 * server with many calls sets it longer to wake each player less often ({@link Builder#refill}). The time is
 * that of the builder's {@link Builder#clock clock}: the system's by default, a clock of their own for tests and
 * simulations, which then decide exactly when each frame goes.
 *
 * <h2>Marks: heard in full</h2>
 * After the last frame of each utterance the player sends a mark named {@link Utterance#markName()}
 * ({@code "utterance-<id>"}, unique on this player). When Twilio echoes it, playback has reached the end of the
 * utterance and its outcome completes as {@link PlaybackOutcome.Played}. An utterance that produced no audio (empty
 * text) gets its mark too, so outcomes complete in the order of the utterances.
 *
 * <h2>Barge-in</h2>
 * {@link #interrupt()} stops the utterance in progress and drops the queue: synthesis is cancelled, no further
 * media or mark is sent for them, and if any audio may still be buffered at Twilio (a frame sent whose utterance is
 * not confirmed, or by the player's clock not yet played) one {@code clear} is sent, at most one frame after the call
 * (the frame being handed to the transport at that moment). Every utterance not yet confirmed, the one waiting for
 * its mark, the one playing and the queued ones, completes as {@link PlaybackOutcome.Interrupted} with the frames
 * sent. Twilio answers {@code clear} by echoing the marks still pending; those echoes are ignored: an utterance
 * counts as heard in full only if its mark came back <em>before</em> {@code interrupt()} was called. The player
 * stays usable: utterances played after the interruption start from an empty buffer.
 *
 * <h2>End</h2>
 * Twilio's {@code stop}, {@link #close()} or a transport failure ends the player: synthesis stops, nothing more is
 * sent (no {@code clear}: the stream is gone or being let go), the player's thread ends, and every utterance not
 * yet done completes as {@link PlaybackOutcome.Ended}. Later {@link #play} calls return utterances already ended.
 * Each player has its own thread and state: a failing engine or socket on one call leaves the others alone.
 *
 * <h2>Bytes or strings</h2>
 * With a plain {@link TextTransport} each media message is a new {@code String} (about 350 bytes every 20 ms). With a
 * {@link Utf8TextTransport} the player takes each frame's payload from the generation into an array of its own
 * ({@link MediaMessages#nextPayload}), writes the message with its {@link OutboundMessageWriter} into a
 * {@link ByteBuffer} of its own and hands that buffer over: the same bytes, and from synthesis to the transport
 * nothing is allocated per frame. Marks and {@code clear} go as {@code String}s either way (see
 * {@link Utf8TextTransport#send(String)}).
 *
 * <p>Thread-safe: {@code play}, {@code interrupt}, {@code onMessage} and {@code close} may be called from any thread.
 * The transport is called by one thread at a time (see {@link TextTransport}).
 */
public final class OutboundPlayer implements AutoCloseable {

    /** Default lead of media over playback, in milliseconds. */
    public static final long DEFAULT_LEAD_MILLIS = 200;

    /** Default lead of media over playback: {@value #DEFAULT_LEAD_MILLIS} ms, ten frames. */
    public static final Duration DEFAULT_LEAD = Duration.ofMillis(DEFAULT_LEAD_MILLIS);

    /** Playing time of one frame, the shortest lead and the default refill. */
    private static final Duration ONE_FRAME = Duration.ofNanos(PlaybackPacer.FRAME_NANOS);

    /** How long {@link #close()} waits for the player's thread, which only a blocked transport can hold up. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(OutboundPlayer.class.getName());
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final AtomicLong PLAYERS = new AtomicLong();

    private final TtsEngine engine;
    private final Builder settings;
    private final TextTransport transport;
    /** The same transport when it takes bytes, else {@code null}: then media go as {@code String}s. */
    private final Utf8TextTransport utf8;
    /** The payload of the frame being sent (both paths: the listener gets it); only the player's thread touches it. */
    private final byte[] payload;
    private final PlaybackClock clock;
    private final PlaybackListener listener;
    private final Thread thread;

    /** Held while a message is handed to the transport; taken before {@link #lock} when both are needed. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Guards the state below. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on start, play and end, which the idle player waits for (pacing waits on the clock). */
    private final Condition changed = lock.newCondition();

    private String streamSid;
    private TwilioTtsStream tts;
    private OutboundMessageWriter writer;
    /** The media message being sent on the byte path, made on {@code start}; written by the player's thread only. */
    private ByteBuffer mediaBuffer;
    /**
     * The transport may be holding frames sent with {@code more} (see {@link Utf8TextTransport#sendText(ByteBuffer,
     * boolean)}): a flush is owed before the player waits. Guarded by {@link #sendLock}.
     */
    private boolean held;
    private PlaybackPacer pacer;
    private final ArrayDeque<Utterance> queue = new ArrayDeque<>();
    private Utterance current;
    /** Sent in full, mark sent, echo not yet received; in order. */
    private final LinkedHashMap<String, Utterance> awaitingMark = new LinkedHashMap<>();
    private long nextId = 1;
    private boolean ended;

    private OutboundPlayer(TtsEngine engine, Builder settings, TextTransport transport) {
        this.engine = engine;
        this.settings = settings;
        this.transport = transport;
        this.utf8 = transport instanceof Utf8TextTransport bytes ? bytes : null;
        this.payload = new byte[FrameAssembler.FRAME_BYTES];
        this.clock = settings.clock;
        this.listener = settings.listener;
        String name = "voxbridge-player-" + PLAYERS.incrementAndGet();
        this.thread = settings.platformThread
                ? Thread.ofPlatform().daemon().name(name).unstarted(this::run)
                : Thread.ofVirtual().name(name).unstarted(this::run);
    }

    /** Starts configuring a player that speaks with {@code engine} (which may be shared by many calls). */
    public static Builder builder(TtsEngine engine) {
        return new Builder(engine);
    }

    // ------------------------------------------------------------------------------------------- public API

    /**
     * Queues {@code text} to be spoken after the utterances already queued.
     *
     * @return its handle; already {@link PlaybackOutcome.Ended ended} if the player has ended
     */
    public Utterance play(String text) {
        Objects.requireNonNull(text, "text");
        return enqueue("text " + TtsException.excerpt(text, 40), stream -> stream.generate(text));
    }

    /**
     * Queues a stream of LLM tokens, spoken segment by segment as sentences complete (see
     * {@link TwilioTtsStream#generateStreaming}). {@code tokens} is read on a synthesis thread once the utterance's
     * turn has come, and may block; an interruption interrupts that thread.
     */
    public Utterance playStreaming(Iterator<? extends CharSequence> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        return enqueue("token stream", stream -> stream.generateStreaming(tokens));
    }

    /**
     * Reads one text frame from Twilio and acts on it ({@code start}, {@code mark}, {@code stop}); other messages
     * are returned for the handler to use (media for speech recognition, dtmf).
     *
     * @return the message read
     * @throws TwilioProtocolException if the text is not a valid Twilio message (the player is unaffected)
     */
    public InboundMessage onMessage(String json) {
        InboundMessage message = CODEC.parse(json);
        onMessage(message);
        return message;
    }

    /** Acts on a message from Twilio already parsed: {@code start}, {@code mark} and {@code stop} matter here. */
    public void onMessage(InboundMessage message) {
        switch (Objects.requireNonNull(message, "message")) {
            case InboundMessage.Start start -> started(start.streamSid());
            case InboundMessage.Mark mark -> markEchoed(mark.name());
            case InboundMessage.Stop stop -> end();
            default -> {
                // connected, media, dtmf, unknown events: nothing to do with playback
            }
        }
    }

    /**
     * Barge-in: stops the current utterance, drops the queued ones and, if audio may still be buffered at Twilio,
     * sends {@code clear} (see the class comment for the exact semantics).
     *
     * @return the utterances interrupted, in queue order (each completes as {@link PlaybackOutcome.Interrupted});
     *         empty if there was nothing to interrupt or the player has ended
     */
    public List<Utterance> interrupt() {
        List<Utterance> hit = new ArrayList<>();
        List<PlaybackOutcome> outcomes = new ArrayList<>();
        sendLock.lock();
        try {
            String clear = null;
            lock.lock();
            try {
                if (ended) {
                    return List.of();
                }
                long now = clock.nanoTime();
                boolean buffered = !awaitingMark.isEmpty() || (current != null && current.framesSent > 0)
                        || (pacer != null && pacer.bufferedNanos(now) > 0);
                hit.addAll(awaitingMark.values());
                awaitingMark.clear();
                if (current != null) {
                    if (current.messages != null) {
                        current.messages.cancelSynthesis();
                    }
                    hit.add(current);
                    current = null;
                }
                hit.addAll(queue);
                queue.clear();
                for (Utterance u : hit) {
                    u.interrupted = true;
                    outcomes.add(new PlaybackOutcome.Interrupted(u.framesSent, heardEstimate(u, now)));
                }
                if (buffered && writer != null) {
                    clear = writer.clearMessage();
                    pacer.cleared(now);
                }
                // No signal on 'changed': an emptier queue gives the idle player nothing new to do.
            } finally {
                lock.unlock();
            }
            if (clear != null) {
                send(clear);
            }
        } catch (IOException e) {
            transportFailed(e);
        } finally {
            sendLock.unlock();
        }
        LockSupport.unpark(thread); // a pacing wait of the interrupted utterance ends now
        for (int i = 0; i < hit.size(); i++) {
            hit.get(i).complete(outcomes.get(i));
        }
        return List.copyOf(hit);
    }

    /** Marks sent to Twilio whose echo has not come back yet (utterances sent in full, not yet confirmed heard). */
    public int marksPending() {
        lock.lock();
        try {
            return awaitingMark.size();
        } finally {
            lock.unlock();
        }
    }

    /** The stream's id once {@code start} has arrived. */
    public Optional<String> streamSid() {
        lock.lock();
        try {
            return Optional.ofNullable(streamSid);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the player: stops synthesis, sends nothing more, completes every unfinished utterance as
     * {@link PlaybackOutcome.Ended} and waits (briefly: only a blocked transport can delay it) for the player's
     * thread to end. Idempotent.
     */
    @Override
    public void close() {
        end();
        if (Thread.currentThread() != thread) {
            awaitTermination(CLOSE_WAIT);
            if (thread.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, thread.getName()
                        + ": still in the transport " + CLOSE_WAIT.toMillis() + " ms after close; interrupting it");
                thread.interrupt();
            }
        }
    }

    /** Waits up to {@code timeout} for the player's thread to end; whether it has. For tests and shutdown. */
    boolean awaitTermination(Duration timeout) {
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    // ------------------------------------------------------------------------------------------ inbound events

    private Utterance enqueue(String description, Function<TwilioTtsStream, MediaMessages> source) {
        Utterance u;
        boolean refused;
        lock.lock();
        try {
            long id = nextId++;
            u = new Utterance(id, "utterance-" + id, description, source);
            refused = ended;
            if (!refused) {
                queue.add(u);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (refused) {
            u.complete(new PlaybackOutcome.Ended(0));
        }
        return u;
    }

    private void started(String sid) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (streamSid != null) {
                if (!streamSid.equals(sid)) {
                    LOG.log(System.Logger.Level.WARNING, thread.getName() + ": second start for stream "
                            + TtsException.excerpt(sid, 40) + " ignored; playing on " + streamSid);
                }
                return;
            }
            streamSid = sid;
            writer = new OutboundMessageWriter(sid);
            if (utf8 != null) {
                mediaBuffer = ByteBuffer.allocate(writer.mediaMessageLength(FrameAssembler.FRAME_BYTES));
            }
            tts = settings.streams.streamSid(sid).build();
            pacer = new PlaybackPacer(settings.lead.toNanos(), settings.refill.toNanos(), clock.nanoTime());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void markEchoed(String name) {
        Utterance u;
        lock.lock();
        try {
            // Absent: an interrupted utterance's mark echoed on clear, or a mark that is not ours.
            u = awaitingMark.remove(name);
        } finally {
            lock.unlock();
        }
        if (u != null) {
            u.complete(new PlaybackOutcome.Played(u.framesSent));
        }
    }

    /** Ends everything (stop, close, broken transport); idempotent. Never takes the send lock. */
    private void end() {
        List<Utterance> unfinished = new ArrayList<>();
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            unfinished.addAll(awaitingMark.values());
            awaitingMark.clear();
            if (current != null) {
                if (current.messages != null) {
                    current.messages.cancelSynthesis();
                }
                unfinished.add(current);
                current = null;
            }
            unfinished.addAll(queue);
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(thread); // a pacing wait ends now
        for (Utterance u : unfinished) {
            u.complete(new PlaybackOutcome.Ended(u.framesSent));
        }
    }

    private void transportFailed(Exception e) {
        LOG.log(System.Logger.Level.WARNING, thread.getName() + ": transport failed, ending playback on stream "
                + streamSid, e);
        end();
    }

    // ------------------------------------------------------------------------------------------ player thread

    private void run() {
        try {
            while (true) {
                Utterance u;
                lock.lock();
                try {
                    while (!ended && (tts == null || queue.isEmpty())) {
                        changed.await();
                    }
                    if (ended) {
                        return;
                    }
                    u = queue.poll();
                    current = u;
                    u.turnNanos = clock.nanoTime();
                    u.messages = u.source.apply(tts);
                } finally {
                    lock.unlock();
                }
                playOne(u);
            }
        } catch (InterruptedException e) {
            // close() gave up waiting for a blocked transport: just leave.
        } catch (IOException e) {
            transportFailed(e);
        } catch (RuntimeException | Error e) {
            // A bug or a transport throwing unchecked: this call's playback ends, nothing else is touched.
            LOG.log(System.Logger.Level.ERROR, thread.getName() + ": playback failed", e);
        } finally {
            end();
        }
    }

    /** Sends one utterance's frames at the pace of playback, then its mark. */
    private void playOne(Utterance u) throws IOException, InterruptedException {
        try (MediaMessages messages = u.messages) {
            while (true) {
                boolean more;
                try {
                    if (!messages.nextIsReady()) {
                        flushHeld(); // hasNext() waits for the engine: what the transport holds goes first
                    }
                    more = messages.hasNext();
                } catch (UncheckedTtsException e) {
                    failed(u, e.getCause());
                    return;
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("player closed while waiting for synthesis");
                    }
                    failed(u, new TtsException(TtsException.Kind.INTERNAL, engine.name(),
                            "engine failed: " + e, e));
                    return;
                }
                if (!more || !awaitTurn(u)) {
                    break;
                }
                messages.nextPayload(payload, 0);
                if (!sendFrame(u, messages)) {
                    break;
                }
            }
            sendMark(u); // a message sent without more: it writes what the transport held
            flushHeld(); // held after all when the mark was not sent (interrupted, ended)
        }
    }

    /**
     * Waits until the pacer lets the next frame go; false if the utterance was interrupted or the player ended.
     * The wait is the clock's, outside the lock; {@link #interrupt()} and {@link #end()} unpark this thread after
     * changing the state, so a change between the check and the park is never missed (the unpark is remembered).
     */
    private boolean awaitTurn(Utterance u) throws InterruptedException, IOException {
        while (true) {
            long now;
            long wait;
            lock.lock();
            try {
                if (u.interrupted || ended) {
                    return false;
                }
                now = clock.nanoTime();
                wait = pacer.nanosUntilNextFrame(now);
            } finally {
                lock.unlock();
            }
            if (wait <= 0) {
                return true;
            }
            flushHeld();
            clock.parkUntil(now + wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("player interrupted while pacing");
            }
        }
    }

    /**
     * Sends the frame in {@link #payload}: as a new {@code String} on the string path, else written into
     * {@link #mediaBuffer}. False if the utterance was interrupted or the player ended (nothing sent).
     */
    private boolean sendFrame(Utterance u, MediaMessages messages) throws IOException {
        long now;
        long gap;
        boolean first;
        boolean more;
        sendLock.lock();
        try {
            lock.lock();
            try {
                if (u.interrupted || ended) {
                    return false;
                }
                now = clock.nanoTime();
                first = u.framesSent == 0;
                gap = pacer.dryNanos(now);
                u.framesSent++;
                u.playEnd = pacer.frameSent(now);
                // Another frame follows at once when it is due now and already made: the transport may write the
                // two together (a refill's frames in one write).
                more = utf8 != null && pacer.nanosUntilNextFrame(now) <= 0 && messages.nextIsReady();
            } finally {
                lock.unlock();
            }
            if (utf8 == null) {
                send(writer.mediaMessage(payload));
            } else {
                // writer and mediaBuffer were set on start, before this utterance could begin, and never change.
                ByteBuffer out = mediaBuffer;
                out.clear();
                writer.writeMediaMessage(payload, out);
                utf8.sendText(out.flip(), more);
                held = more;
            }
        } finally {
            sendLock.unlock();
        }
        try {
            if (first) {
                listener.firstFrameSent(u, now - u.turnNanos);
            } else if (gap > 0) {
                listener.underrun(u, gap);
            }
            listener.frameSent(u, payload, 0);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, thread.getName() + ": playback listener failed", e);
        }
        return true;
    }

    private void sendMark(Utterance u) throws IOException {
        sendLock.lock();
        try {
            String mark;
            lock.lock();
            try {
                if (u.interrupted || ended) {
                    return;
                }
                mark = writer.markMessage(u.markName());
                awaitingMark.put(u.markName(), u);
                current = null;
            } finally {
                lock.unlock();
            }
            send(mark);
        } finally {
            sendLock.unlock();
        }
    }

    private void failed(Utterance u, TtsException error) {
        boolean report;
        lock.lock();
        try {
            report = !u.interrupted && !ended;
            if (report) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
        if (report) {
            u.complete(new PlaybackOutcome.Failed(u.framesSent, error));
        }
    }

    /** Called with {@link #sendLock} held. A message sent this way writes whatever the transport held before it. */
    private void send(String json) throws IOException {
        transport.send(json);
        held = false;
    }

    /** Has the transport write what it holds, if anything: before the player waits, and when an utterance ends. */
    private void flushHeld() throws IOException {
        sendLock.lock();
        try {
            if (held) {
                held = false;
                utf8.flush();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** How much of {@code u}'s sent audio had been played at {@code now}, by the pacer's model. */
    private static Duration heardEstimate(Utterance u, long now) {
        long sent = u.framesSent * PlaybackPacer.FRAME_NANOS;
        long unplayed = Math.min(sent, Math.max(0, u.playEnd - now));
        return Duration.ofNanos(sent - unplayed);
    }

    /** Configures an {@link OutboundPlayer}. */
    public static final class Builder {
        private final TtsEngine engine;
        private Duration lead = DEFAULT_LEAD;
        private Duration refill = ONE_FRAME;
        private PlaybackClock clock = PlaybackClock.system();
        private PlaybackListener listener = PlaybackListener.NONE;
        /**
         * Whether the player's thread is a platform thread rather than a virtual one: for the allocation test
         * only, since the JDK counts no allocation per virtual thread ({@code ThreadMXBean} gives -1 for them).
         */
        private boolean platformThread;
        /** The synthesis settings, shared with {@link TwilioTtsStream}; the streamSid is added on {@code start}. */
        private final TwilioTtsStream.Builder streams;

        private Builder(TtsEngine engine) {
            this(engine, TwilioTtsStream.builder(engine));
        }

        private Builder(TtsEngine engine, TwilioTtsStream.Builder streams) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.streams = streams;
        }

        /**
         * How far media may run ahead of playback; default {@value #DEFAULT_LEAD_MILLIS} ms. Longer rides out
         * network jitter; shorter makes {@code clear} matter less. At least 20 ms (one frame).
         */
        public Builder lead(Duration lead) {
            Objects.requireNonNull(lead, "lead");
            if (lead.compareTo(Duration.ofMillis(20)) < 0) {
                throw new IllegalArgumentException("lead must be at least one frame (20 ms), was " + lead);
            }
            this.lead = lead;
            return this;
        }

        /**
         * How much of a full lead must have played before the player sends again; default 20 ms (one frame: each
         * frame goes as soon as it fits, one every 20 ms once the lead is full). With 100 ms the player wakes every
         * 100 ms and sends five frames at once, so a server with many calls wakes and writes five times less often;
         * Twilio's buffer then holds between {@code lead - refill} and {@code lead} of audio, and a {@code clear}
         * still discards at most the lead. At least 20 ms and at most the lead (checked by {@link #build}).
         */
        public Builder refill(Duration refill) {
            Objects.requireNonNull(refill, "refill");
            if (refill.compareTo(ONE_FRAME) < 0) {
                throw new IllegalArgumentException("refill must be at least one frame (20 ms), was " + refill);
            }
            this.refill = refill;
            return this;
        }

        /**
         * The time the player paces by; default {@link PlaybackClock#system()}. Tests and simulations pass a clock
         * they move themselves: then what is sent when depends on that clock alone.
         */
        public Builder clock(PlaybackClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Receives first-frame latencies and underruns (see {@link PlaybackListener}); default none. */
        public Builder playbackListener(PlaybackListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Resampling preset from the engine's rate to 8 kHz (see {@link TwilioTtsStream.Builder#quality}). */
        public Builder quality(ResamplerQuality quality) {
            streams.quality(quality);
            return this;
        }

        /** Frames synthesized ahead of sending (see {@link TwilioTtsStream.Builder#bufferFrames}); default 50. */
        public Builder bufferFrames(int frames) {
            streams.bufferFrames(frames);
            return this;
        }

        /** Makes the aggregator for each {@link #playStreaming} token stream (see {@link TwilioTtsStream.Builder}). */
        public Builder aggregators(Supplier<SentenceAggregator> factory) {
            streams.aggregators(factory);
            return this;
        }

        /** Runs the player on a platform thread (see {@link #platformThread}); for tests. */
        Builder platformThread() {
            this.platformThread = true;
            return this;
        }

        /**
         * A player writing to {@code transport}; its thread starts now and waits for {@code start}. A
         * {@link Utf8TextTransport} gets every media message as bytes from one reused buffer (see the class
         * comment).
         */
        public OutboundPlayer build(TextTransport transport) {
            Objects.requireNonNull(transport, "transport");
            if (refill.compareTo(lead) > 0) {
                throw new IllegalArgumentException("refill (" + refill + ") must not be longer than the lead ("
                        + lead + ")");
            }
            // The player keeps its own copy: this builder may go on to configure other players.
            Builder copy = new Builder(engine, streams.copy());
            copy.lead = lead;
            copy.refill = refill;
            copy.clock = clock;
            copy.listener = listener;
            copy.platformThread = platformThread;
            OutboundPlayer player = new OutboundPlayer(engine, copy, transport);
            player.thread.start();
            return player;
        }
    }
}
