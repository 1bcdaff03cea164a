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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 *   <li>the socket always closed (aborted if need be) before {@link #converse} returns: no connection is left open,
 *       and after {@link #close()} no thread of the client is left.</li>
 * </ul>
 * The key is redacted from every message. Thread-safe; at most {@code maxConcurrent} syntheses hold a socket at once,
 * the others wait their turn (cancellably). One socket per synthesis: no warm connection kept between calls yet.
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

    /**
     * @param engine   the engine's name, for messages
     * @param settings the connect timeout (the opening handshake), the first-byte timeout (the longest wait for any
     *                 message from the server) and the limit on syntheses in flight
     * @param key      the key the engine sends, redacted from any message; null if none
     */
    public WebSocketEngineClient(String engine, HttpEngineSettings settings, ApiKey key) {
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
        MessageInbox inbox = new MessageInbox(MAX_MESSAGE_BYTES);
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        headers.forEach(builder::header);
        CompletableFuture<WebSocket> opening = builder.buildAsync(uri, inbox);
        WebSocket socket = open(uri, opening, cancel, conversation);
        SerialSender sender = new SerialSender(socket);
        boolean finished = false;
        cancel.onCancel(() -> {
            // On the cancelling thread: the vendor's cancel, then the close frame, queued behind any send in flight.
            String message = conversation.cancelMessage();
            if (message != null) {
                sender.sendText(message);
            }
            sender.sendClose();
            inbox.cancelled();
        });
        try {
            for (String message : conversation.opening()) {
                sender.sendText(message);
            }
            long delivered = 0;
            while (!finished) {
                InboundMessage message = next(uri, inbox, cancel, sender, conversation, delivered);
                if (cancel.isCancelled()) {
                    throw TtsException.cancelled(engine);
                }
                switch (message) {
                    case InboundMessage.Text t -> finished = conversation.onText(t.text());
                    case InboundMessage.Binary b -> {
                        delivered += b.length();
                        finished = conversation.onBinary(b.data(), b.length());
                    }
                    case InboundMessage.Closed c -> throw new TtsException(TtsException.Kind.UNAVAILABLE, engine,
                            endpoint(uri) + " closed the connection (" + c.statusCode()
                                    + (c.reason() == null || c.reason().isBlank() ? ""
                                            : " " + TtsException.excerpt(redact(c.reason()), 200))
                                    + ") before the end of the audio, after " + delivered + " bytes");
                    case InboundMessage.Failed f -> throw new TtsException(TtsException.Kind.UNAVAILABLE, engine,
                            "connection to " + endpoint(uri) + " lost after " + delivered + " bytes: "
                                    + describe(f.cause()), f.cause());
                    case InboundMessage.Oversized o -> throw new TtsException(TtsException.Kind.PROTOCOL, engine,
                            endpoint(uri) + " sent " + o.what() + " (" + MAX_MESSAGE_BYTES + " at most)");
                    case InboundMessage.Cancelled x -> throw TtsException.cancelled(engine);
                }
            }
            String closing = conversation.closingMessage();
            if (closing != null) {
                sender.sendText(closing);
            }
            sender.sendClose();
        } finally {
            // Let the last sends (cancel, close) reach the socket, then drop the connection without waiting for the
            // server's close frame: nothing more is read, and no connection outlives the call.
            sender.awaitIdle(CLOSING_GRACE_MS);
            socket.abort();
        }
    }

    private WebSocket open(URI uri, CompletableFuture<WebSocket> opening, CancellationToken cancel,
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

    private InboundMessage next(URI uri, MessageInbox inbox, CancellationToken cancel, SerialSender sender,
            WebSocketConversation conversation, long delivered) throws TtsException {
        InboundMessage message;
        try {
            message = inbox.take(settings.firstByteTimeout().toMillis());
        } catch (InterruptedException e) {
            // An interrupt is a cancel whose flag stays set: tell the vendor as cancel() would.
            String cancelMessage = conversation.cancelMessage();
            if (cancelMessage != null) {
                sender.sendText(cancelMessage);
            }
            sender.sendClose();
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
        client.shutdownNow();
    }

    /**
     * Waits, at most {@code timeout}, until after {@link #close()} the client's threads have ended and its
     * connections are closed.
     *
     * @return whether they have
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return client.awaitTermination(timeout);
    }

    /** Engine name and settings; never the key. */
    @Override
    public String toString() {
        return "WebSocketEngineClient[" + engine + ", " + settings + "]";
    }
}
