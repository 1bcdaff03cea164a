package io.github.voxbridge.tts.transport.websocket;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import io.github.voxbridge.tts.transport.http.HttpFailures;
import io.github.voxbridge.tts.transport.http.VendorErrorBody;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket engine instance's connection to its vendor over {@link java.net.http.WebSocket}: one
 * {@link HttpClient}, a limit on syntheses in flight, and {@link #converse} to run one synthesis on its own socket,
 * the engine's {@link WebSocketConversation} supplying the vendor's messages. Written once for every WebSocket engine:
 * Deepgram (binary audio frames) uses it now; ElevenLabs and Cartesia (JSON text frames with base64 audio) are meant
 * to reuse it, their decoding in their conversation's {@link WebSocketConversation#onText onText}.
 *
 * <p>What it takes care of (tts-engines.md, "Cross-vendor pitfalls" 3 and 5; issue 12 "What every engine does the
 * same way"):
 * <ul>
 *   <li>the opening handshake with the engine's headers (its key) within the connect timeout of
 *       {@link HttpEngineSettings}; a refused handshake ({@link WebSocketHandshakeException}, which carries the HTTP
 *       response) mapped by {@link HttpFailures}: 401/403 AUTH, 429 RATE_LIMITED with the retry delay, 5xx
 *       UNAVAILABLE, other 4xx BAD_REQUEST; refused connection or timeout UNAVAILABLE;</li>
 *   <li>messages joined from their parts and handed to the conversation on the calling thread, one at a time, the
 *       next one requested from the socket only once the previous one is consumed (the sink's pace is the socket's);
 *       </li>
 *   <li>one send outstanding at a time: each send starts when the previous one has completed, as
 *       {@link WebSocket} requires;</li>
 *   <li>no message for the first-byte timeout, a close before the conversation's end marker, or a broken connection:
 *       UNAVAILABLE, after the audio already delivered (which stays delivered); a message over
 *       {@value #MAX_MESSAGE_BYTES} bytes: PROTOCOL;</li>
 *   <li>cancel (or an interrupt of the calling thread, its flag kept): the conversation's cancel message, then the
 *       close frame, then CANCELLED promptly; nothing reaches the conversation after that;</li>
 *   <li>the socket closed (aborted if need be) before {@link #converse} returns, unless it ended cleanly and is kept
 *       warm for the next synthesis; a socket whose synthesis failed or was cancelled is never kept. After
 *       {@link #close()} no socket and no thread of the client is left.</li>
 * </ul>
 * The key is redacted from every message. Thread-safe; at most {@code maxConcurrent} syntheses hold a socket at once,
 * the others wait their turn (cancellably). Sockets are kept warm between syntheses as the engine's
 * {@link WarmSockets} say (reused, or a spare opened ahead), closed after their idle time and replaced without the
 * caller noticing when the vendor closed them meanwhile; with {@link WarmSockets#none()}, one socket per synthesis.
 */
public final class WebSocketEngineClient implements AutoCloseable {

    /** The largest message accepted, in bytes of binary or chars of text: far above any vendor's audio frame. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** How long a finished or cancelled synthesis waits for its last sends (cancel, close) to reach the socket. */
    static final long CLOSING_GRACE_MS = 1_000;
    private static final long PERMIT_POLL_MS = 10;

    private final String engine;
    private final HttpEngineSettings settings;
    private final ApiKey key;
    private final HttpClient client;
    private final Semaphore permits;
    private final WarmSockets warm;
    private final SocketPool pool;
    /** The handshake headers of each pool key, to open spares with (only for {@link WarmSockets#spare()}). */
    private final Map<String, Map<String, String>> headersOf = new ConcurrentHashMap<>();
    private final AtomicBoolean spareOpening = new AtomicBoolean();

    /**
     * @param engine   the engine's name, for messages
     * @param settings the connect timeout (the opening handshake), the first-byte timeout (the longest wait for any
     *                 message from the server) and the limit on syntheses in flight
     * @param key      the key the engine sends, redacted from any message; null if none
     */
    public WebSocketEngineClient(String engine, HttpEngineSettings settings, ApiKey key) {
        this(engine, settings, key, WarmSockets.none());
    }

    /**
     * @param engine   the engine's name, for messages
     * @param settings the connect timeout (the opening handshake), the first-byte timeout (the longest wait for any
     *                 message from the server) and the limit on syntheses in flight, which also bounds the sockets
     *                 kept warm
     * @param key      the key the engine sends, redacted from any message; null if none
     * @param warm     how sockets are kept between syntheses
     */
    public WebSocketEngineClient(String engine, HttpEngineSettings settings, ApiKey key, WarmSockets warm) {
        this.warm = Objects.requireNonNull(warm, "warm");
        this.pool = new SocketPool(engine, warm, settings.maxConcurrent());
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.key = key;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.permits = new Semaphore(settings.maxConcurrent(), true);
    }

    /** The settings this client was made with. */
    public HttpEngineSettings settings() {
        return settings;
    }

    /**
     * Opens a socket to {@code uri} with {@code headers}, sends the conversation's opening messages and hands it
     * every message the server sends until it reports the end marker; then sends its closing message and closes.
     * Blocks the calling thread; the conversation is called on it.
     *
     * @param uri          {@code ws://} or {@code wss://} endpoint with its query
     * @param headers      request headers of the handshake (authorization)
     * @param cancel       stops the synthesis when cancelled
     * @param conversation the vendor's messages
     * @throws TtsException as listed in the class comment, or what the conversation throws; a
     *                      {@link RuntimeException} of the conversation (the sink's) is rethrown unchanged
     */
    public void converse(URI uri, Map<String, String> headers, CancellationToken cancel,
            WebSocketConversation conversation) throws TtsException {
        acquire(cancel);
        try {
            run(uri, headers, cancel, conversation);
        } finally {
            permits.release();
        }
    }

    private void acquire(CancellationToken cancel) throws TtsException {
        try {
            while (!permits.tryAcquire(PERMIT_POLL_MS, TimeUnit.MILLISECONDS)) {
                cancel.throwIfCancelled(engine);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TtsException.cancelled(engine);
        }
        if (cancel.isCancelled()) {
            permits.release();
            throw TtsException.cancelled(engine);
        }
    }

    private void run(URI uri, Map<String, String> headers, CancellationToken cancel,
            WebSocketConversation conversation) throws TtsException {
        String poolKey = poolKey(uri, headers);
        List<String> opening = List.copyOf(conversation.opening());
        OpenSocket socket = pool.take(poolKey);
        boolean warmSocket = socket != null;
        if (socket == null) {
            socket = open(uri, headers, poolKey, cancel, conversation);
        }
        // A socket kept warm may have been closed by the vendor just as we started on it (its idle timer crossing
        // our first message): it is replaced once, transparently, since the vendor has sent nothing of this
        // synthesis yet. A fresh socket closing early is the vendor's answer, and is reported.
        while (!speak(uri, socket, opening, cancel, conversation, warmSocket)) {
            socket = open(uri, headers, poolKey, cancel, conversation);
            warmSocket = false;
        }
    }

    /** One synthesis's hold on its socket, shared with its cancel hook: whichever ends it first acts. */
    private static final class Turn {
        private boolean over;

        /**
         * Ends the turn; false if it had already ended (by a cancel, or by the synthesis). Waits while the other side
         * is still in {@link #endWith}.
         */
        synchronized boolean end() {
            boolean wasOver = over;
            over = true;
            return !wasOver;
        }

        /**
         * Ends the turn and, if it was still on, runs {@code action} before anyone else can see it ended: the
         * cancel hook queues the vendor's cancel and the close frame here, so the synthesis, ending on the same flag
         * a moment later, waits in {@link #end} instead of closing the socket first (its close would drop the cancel
         * queued after it; seen in CartesiaEngineTest under load). False, and nothing run, if it had already ended.
         */
        synchronized boolean endWith(Runnable action) {
            if (over) {
                return false;
            }
            over = true;
            action.run();
            return true;
        }
    }

    /**
     * Runs one synthesis on {@code s}: the opening messages, then every message to the conversation until its end
     * marker; then gives the socket back to the pool if the protocol lets it carry another synthesis, or closes it.
     *
     * @return true when the synthesis is complete; false when a warm socket was found closed before any message of
     *         this synthesis (the caller opens a fresh one and starts again)
     */
    private boolean speak(URI uri, OpenSocket s, List<String> opening, CancellationToken cancel,
            WebSocketConversation conversation, boolean warmSocket) throws TtsException {
        Turn turn = new Turn();
        CancellationToken.Registration hook = cancel.onCancel(() -> {
            // On the cancelling thread: the vendor's cancel, then the close frame, queued behind any send in flight;
            // only while this synthesis holds the socket (a socket given back to the pool is someone else's).
            if (turn.endWith(() -> sendCancel(s, conversation))) {
                s.inbox.cancelled();
            }
        });
        boolean finished = false;
        boolean replace = false;
        try {
            for (String message : opening) {
                s.sender.sendText(message);
            }
            long binary = 0;
            int handed = 0;
            while (!finished) {
                long delivered = conversation.audioBytes() >= 0 ? conversation.audioBytes() : binary;
                InboundMessage message = next(uri, s, turn, cancel, conversation, delivered);
                if (cancel.isCancelled()) {
                    throw TtsException.cancelled(engine);
                }
                switch (message) {
                    case InboundMessage.Text t -> {
                        handed++;
                        finished = conversation.onText(t.text());
                    }
                    case InboundMessage.Binary b -> {
                        handed++;
                        binary += b.length();
                        finished = conversation.onBinary(b.data(), b.length());
                    }
                    case InboundMessage.Closed c -> {
                        if (warmSocket && handed == 0) {
                            replace = true;
                            return false;
                        }
                        throw new TtsException(TtsException.Kind.UNAVAILABLE, engine,
                                endpoint(uri) + " closed the connection (" + c.statusCode()
                                        + (c.reason() == null || c.reason().isBlank() ? ""
                                                : " " + TtsException.excerpt(redact(c.reason()), 200))
                                        + ") before the end of the audio, after " + delivered + " bytes");
                    }
                    case InboundMessage.Failed f -> {
                        if (warmSocket && handed == 0) {
                            replace = true;
                            return false;
                        }
                        throw new TtsException(TtsException.Kind.UNAVAILABLE, engine, "connection to "
                                + endpoint(uri) + " lost after " + delivered + " bytes: " + describe(f.cause()),
                                f.cause());
                    }
                    case InboundMessage.Oversized o -> throw new TtsException(TtsException.Kind.PROTOCOL, engine,
                            endpoint(uri) + " sent " + o.what() + " (" + MAX_MESSAGE_BYTES + " at most)");
                    case InboundMessage.Cancelled x -> throw TtsException.cancelled(engine);
                }
            }
            return true;
        } finally {
            boolean claimed = turn.end(); // false if the cancel hook (or an interrupt) has already acted
            boolean clean = claimed && finished;
            hook.remove();
            if (claimed && !finished && cancel.isCancelled()) {
                // cancel() sets the flag before it runs the hooks: this thread saw the flag and ended the turn
                // first, so the hook will do nothing; tell the vendor here, as the hook would have.
                sendCancel(s, conversation);
            }
            if (replace) {
                s.socket.abort();
            } else if (clean && warm.reusable() && pool.accepts()) {
                pool.give(s);
            } else {
                if (clean) {
                    String closing = conversation.closingMessage();
                    if (closing != null) {
                        s.sender.sendText(closing);
                    }
                }
                s.sender.sendClose();
                // Let the last sends (cancel, close) reach the socket; the synthesis is then over. The connection
                // is read on to the server's close frame, which ends it with the close handshake (discardRest says
                // why a reset could lose the cancel), and dropped CLOSING_GRACE_MS later if the server has not
                // closed it by then.
                s.inbox.discardRest();
                s.sender.awaitIdle(CLOSING_GRACE_MS);
                CompletableFuture.delayedExecutor(CLOSING_GRACE_MS, TimeUnit.MILLISECONDS).execute(s.socket::abort);
                if (clean && warm.spare() && pool.accepts()) {
                    openSpare(uri, s.poolKey);
                }
            }
        }
    }

    private static void sendCancel(OpenSocket s, WebSocketConversation conversation) {
        String message = conversation.cancelMessage();
        if (message != null) {
            s.sender.sendText(message);
        }
        s.sender.sendClose();
    }

    private OpenSocket open(URI uri, Map<String, String> headers, String poolKey, CancellationToken cancel,
            WebSocketConversation conversation) throws TtsException {
        MessageInbox inbox = new MessageInbox(MAX_MESSAGE_BYTES);
        CompletableFuture<WebSocket> opening = builder(headers).buildAsync(uri, inbox);
        OpenSocket s = new OpenSocket(handshake(uri, opening, cancel, conversation), inbox, poolKey);
        greet(s);
        return s;
    }

    private WebSocket.Builder builder(Map<String, String> headers) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        headers.forEach(builder::header);
        return builder;
    }

    private void greet(OpenSocket s) {
        for (String message : warm.greeting()) {
            s.sender.sendText(message);
        }
    }

    /**
     * Opens a socket for the next synthesis in the background (for protocols that spend one per synthesis); a
     * failure is dropped: the next synthesis opens its own and reports what goes wrong then. One at a time.
     */
    private void openSpare(URI uri, String poolKey) {
        Map<String, String> headers = headersOf.get(poolKey);
        if (headers == null || !spareOpening.compareAndSet(false, true)) {
            return;
        }
        MessageInbox inbox = new MessageInbox(MAX_MESSAGE_BYTES);
        CompletableFuture<WebSocket> opening;
        try {
            opening = builder(headers).buildAsync(uri, inbox);
        } catch (RuntimeException e) {
            spareOpening.set(false);
            return;
        }
        opening.whenComplete((ws, failure) -> {
            spareOpening.set(false);
            if (ws != null) {
                OpenSocket s = new OpenSocket(ws, inbox, poolKey);
                greet(s);
                pool.give(s);
            }
        });
    }

    /** Sockets are shared only between syntheses to the same endpoint with the same headers (the same key). */
    private String poolKey(URI uri, Map<String, String> headers) {
        String poolKey = uri + "\n" + new TreeMap<>(headers);
        if (warm.spare()) {
            headersOf.putIfAbsent(poolKey, Map.copyOf(headers));
        }
        return poolKey;
    }

    private WebSocket handshake(URI uri, CompletableFuture<WebSocket> opening, CancellationToken cancel,
            WebSocketConversation conversation) throws TtsException {
        // The handshake is waited for in short steps rather than cancelled through its future: cancelling the JDK's
        // future does not promise to stop the handshake, and a socket opened after the caller gave up would be left
        // open. Instead, whatever opens after a cancel is aborted as soon as it does.
        while (true) {
            try {
                return opening.get(PERMIT_POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancel.isCancelled()) {
                    opening.thenAccept(WebSocket::abort);
                    throw TtsException.cancelled(engine);
                }
            } catch (InterruptedException e) {
                opening.thenAccept(WebSocket::abort);
                Thread.currentThread().interrupt();
                throw TtsException.cancelled(engine);
            } catch (ExecutionException e) {
                if (cancel.isCancelled()) {
                    throw TtsException.cancelled(engine);
                }
                for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                    if (t instanceof WebSocketHandshakeException refused) {
                        throw refused(uri, refused.getResponse(), conversation);
                    }
                }
                throw unreachable(uri, e.getCause());
            }
        }
    }


    private TtsException refused(URI uri, HttpResponse<?> response, WebSocketConversation conversation) {
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        String vendor = conversation.handshakeError(headers);
        if (vendor == null) {
            Object body = response.body();
            byte[] bytes = body instanceof byte[] b ? b
                    : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
            vendor = VendorErrorBody.message(bytes, bytes.length);
        }
        if (HttpFailures.kindOf(status) == null) {
            return new TtsException(TtsException.Kind.PROTOCOL, engine, endpoint(uri)
                    + " answered the WebSocket handshake with HTTP " + status);
        }
        return HttpFailures.failure(engine, status, headers, redact(vendor), Instant.now());
    }

    private InboundMessage next(URI uri, OpenSocket s, Turn turn, CancellationToken cancel,
            WebSocketConversation conversation, long delivered) throws TtsException {
        InboundMessage message;
        try {
            message = s.inbox.take(settings.firstByteTimeout().toMillis());
        } catch (InterruptedException e) {
            // An interrupt is a cancel whose flag stays set: tell the vendor as cancel() would.
            if (turn.end()) {
                sendCancel(s, conversation);
            }
            Thread.currentThread().interrupt();
            throw TtsException.cancelled(engine);
        }
        if (message == null) {
            if (cancel.isCancelled()) {
                throw TtsException.cancelled(engine);
            }
            throw new TtsException(TtsException.Kind.UNAVAILABLE, engine, endpoint(uri) + ": no message within "
                    + HttpEngineSettings.FIRST_BYTE_TIMEOUT_MS + " = " + settings.firstByteTimeout().toMillis()
                    + " ms, after " + delivered + " bytes");
        }
        return message;
    }

    private TtsException unreachable(URI uri, Throwable cause) {
        String why;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException
                || cause instanceof TimeoutException) {
            why = "no connection within " + HttpEngineSettings.CONNECT_TIMEOUT_MS + " = "
                    + settings.connectTimeout().toMillis() + " ms";
        } else if (cause instanceof ConnectException) {
            why = "cannot connect, refused or unreachable (" + describe(cause) + ")";
        } else {
            why = describe(cause);
        }
        return new TtsException(TtsException.Kind.UNAVAILABLE, engine, endpoint(uri) + ": " + why, cause);
    }

    /** As the HTTP client shows endpoints: never the query or user info (either may hold a key). */
    static String endpoint(URI uri) {
        return HttpEngineClient.endpoint(uri);
    }

    private String describe(Throwable e) {
        return HttpEngineClient.describe(e, key);
    }

    private String redact(String text) {
        return key == null ? text : key.redact(text);
    }

    /** Aborts the syntheses in flight and releases the client's threads and connections. Idempotent. */
    @Override
    public void close() {
        pool.close();
        client.shutdownNow();
    }

    /** The number of sockets open and waiting for the next synthesis (none after {@link #close()}). */
    public int warmSockets() {
        return pool.size();
    }

    /**
     * Waits, at most {@code timeout}, until after {@link #close()} the client's threads have ended and its
     * connections are closed.
     *
     * @return whether they have
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return pool.awaitTermination(timeout)
                && client.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Engine name and settings; never the key. */
    @Override
    public String toString() {
        return "WebSocketEngineClient[" + engine + ", " + settings + "]";
    }
}
