package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP engine instance's connection to its vendor: one {@link HttpClient} (HTTP/2 where the server offers it
 * through TLS ALPN, else HTTP/1.1), a limit on requests in flight, and {@link #stream} to send a request and hand its
 * body to a consumer as it arrives, with every failure a {@link TtsException} of the right kind (issue 12, "What
 * every engine does the same way").
 *
 * <p>Failures of {@link #stream}:
 * <ul>
 *   <li>an error status: {@link HttpFailures#failure} with the vendor's message from the body
 *       ({@link VendorErrorBody}, at most {@value #ERROR_BODY_BYTES} bytes read), the key redacted;</li>
 *   <li>connection refused, no connection within the connect timeout, no response headers within the first-byte
 *       timeout, the connection lost in the middle of the body: {@link TtsException.Kind#UNAVAILABLE}, naming the
 *       endpoint (scheme, host, port, path: never the query, which may carry a key) and the timeout's option; the
 *       body delivered before the loss stays delivered (but bytes the JDK had received and not yet handed out when
 *       the connection failed are lost: its {@code ofInputStream} stream fails at once, JDK 25
 *       {@code ResponseSubscribers.HttpResponseInputStream.current()});</li>
 *   <li>a status that is neither success nor error (a redirect, which is not followed):
 *       {@link TtsException.Kind#PROTOCOL};</li>
 *   <li>the token cancelled, or the calling thread interrupted (its flag kept):
 *       {@link TtsException.Kind#CANCELLED}. Cancelling aborts the exchange (the connection is closed, which is what
 *       "cancel" means to a chunked-body vendor such as OpenAI: tts-engines.md section 1), so at most the piece being
 *       handed over at that moment reaches the consumer after {@link CancellationToken#cancel()} returns.</li>
 * </ul>
 * Thread-safe: engines call {@link #stream} from as many threads as they like; at most {@code maxConcurrent}
 * exchanges are open at once and the others wait their turn (cancellably).
 */
public final class HttpEngineClient implements AutoCloseable {

    /** The most of an error body read for its message: vendors' error JSON is well under 1 KiB. */
    public static final int ERROR_BODY_BYTES = 16 * 1024;
    /** Size of the buffer a body is read into, reused for every read of one exchange. */
    static final int BUFFER_BYTES = 16 * 1024;
    /** How often a caller waiting for a free slot looks at its token (the token cannot wake a semaphore). */
    private static final long PERMIT_POLL_MS = 10;

    private final String engine;
    private final HttpEngineSettings settings;
    private final ApiKey key;
    private final HttpClient client;
    private final Semaphore permits;

    /**
     * @param engine   the engine's name, for messages
     * @param settings timeouts and the limit on requests in flight
     * @param key      the key the engine sends, redacted from any vendor message; null if it sends none
     */
    public HttpEngineClient(String engine, HttpEngineSettings settings, ApiKey key) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.key = key;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2) // negotiated by ALPN over TLS; HTTP/1.1 if not offered
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirected POST would lose its body or its meaning
                .build();
        this.permits = new Semaphore(settings.maxConcurrent(), true);
    }

    /** The settings this client was made with. */
    public HttpEngineSettings settings() {
        return settings;
    }

    /**
     * Sends {@code request} and hands its body to {@code consumer} as it arrives, until the end of the body.
     * Blocks the calling thread; the consumer is called on it. The first-byte timeout is set on the request here.
     *
     * @param request  the request, complete but for the timeout
     * @param cancel   aborts the exchange when cancelled
     * @param consumer receives the body of a 2xx response, piece by piece
     * @return the number of body bytes delivered
     * @throws TtsException as listed in the class comment
     */
    public long stream(HttpRequest.Builder request, CancellationToken cancel, ChunkConsumer consumer)
            throws TtsException {
        return stream(request, false, cancel, consumer);
    }

    /**
     * As {@link #stream}, for a request whose successful body must be audio: a 2xx response whose
     * {@code Content-Type} is JSON, XML, HTML or any {@code text/*} (a proxy's page, an error sent with status 200,
     * an event stream not asked for) is {@link TtsException.Kind#PROTOCOL}, with what the body says, and nothing
     * reaches the consumer. A response without a {@code Content-Type} is taken as audio.
     *
     * @return the number of body bytes delivered
     * @throws TtsException as {@link #stream}, and PROTOCOL as above
     */
    public long streamAudio(HttpRequest.Builder request, CancellationToken cancel, ChunkConsumer consumer)
            throws TtsException {
        return stream(request, true, cancel, consumer);
    }

    private long stream(HttpRequest.Builder request, boolean audioOnly, CancellationToken cancel,
            ChunkConsumer consumer) throws TtsException {
        HttpRequest built = request.timeout(settings.firstByteTimeout()).build();
        if ("http".equalsIgnoreCase(built.uri().getScheme())) {
            // Cleartext: HTTP/2 would mean an h2c upgrade attempt, which vendors do not offer and which only adds
            // headers and a round of negotiation (proxies, test servers); speak HTTP/1.1 straight away.
            built = HttpRequest.newBuilder(built, (name, value) -> true).version(HttpClient.Version.HTTP_1_1).build();
        }
        acquire(cancel);
        try {
            return exchange(built, audioOnly, cancel, consumer);
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

    private long exchange(HttpRequest request, boolean audioOnly, CancellationToken cancel,
            ChunkConsumer consumer) throws TtsException {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<InputStream>> sent =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        AtomicReference<InputStream> body = new AtomicReference<>();
        // Cancelling aborts the exchange: before the headers, by cancelling the future (the client then aborts
        // the request); after them, by closing the body, which cancels the subscription and closes the
        // connection, and wakes a read blocked on it (it then sees the end of the stream).
        CancellationToken.Registration hook = cancel.onCancel(() -> {
            sent.cancel(true);
            closeQuietly(body.get());
        });
        try {
            return exchange(request, audioOnly, cancel, consumer, sent, body, started);
        } finally {
            hook.remove(); // a token that outlives the call keeps no action of it
        }
    }

    private long exchange(HttpRequest request, boolean audioOnly, CancellationToken cancel,
            ChunkConsumer consumer, CompletableFuture<HttpResponse<InputStream>> sent,
            AtomicReference<InputStream> body, long started) throws TtsException {
        HttpResponse<InputStream> response;
        try {
            response = sent.get();
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw TtsException.cancelled(engine);
        } catch (CancellationException e) {
            throw TtsException.cancelled(engine);
        } catch (ExecutionException e) {
            if (cancel.isCancelled()) {
                throw TtsException.cancelled(engine);
            }
            throw unreachable(request.uri(), e.getCause(), System.nanoTime() - started);
        }
        InputStream in = response.body();
        body.set(in);
        try {
            if (cancel.isCancelled()) {
                throw TtsException.cancelled(engine);
            }
            int status = response.statusCode();
            if (status >= 400) {
                throw failure(response, in);
            }
            if (status < 200 || status > 299) {
                throw new TtsException(TtsException.Kind.PROTOCOL, engine, "unexpected HTTP " + status + " from "
                        + endpoint(request.uri()) + response.headers().firstValue("location")
                                .map(l -> " (Location " + TtsException.excerpt(l, 100) + ")").orElse(""));
            }
            if (audioOnly) {
                String type = response.headers().firstValue("content-type").orElse("");
                if (isNotAudio(type)) {
                    throw new TtsException(TtsException.Kind.PROTOCOL, engine, "expected audio from "
                            + endpoint(request.uri()) + ", got Content-Type " + TtsException.excerpt(type, 80)
                            + vendorSays(in).map(m -> ": " + TtsException.excerpt(m, HttpFailures.MESSAGE_CHARS))
                                    .orElse(""));
                }
            }
            return pump(request.uri(), in, cancel, consumer);
        } finally {
            closeQuietly(in); // at the end of the body a no-op; before it, aborts the exchange
        }
    }

    private long pump(URI uri, InputStream in, CancellationToken cancel, ChunkConsumer consumer)
            throws TtsException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long delivered = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw TtsException.cancelled(engine); // an interrupted read keeps the flag set
                }
                throw new TtsException(TtsException.Kind.UNAVAILABLE, engine, "connection lost after " + delivered
                        + " bytes of the response from " + endpoint(uri) + ": " + describe(e), e);
            }
            if (cancel.isCancelled()) {
                throw TtsException.cancelled(engine); // also the end of the stream a cancelling close() causes
            }
            if (n < 0) {
                return delivered;
            }
            if (n > 0) {
                consumer.accept(buffer, 0, n);
                delivered += n;
            }
        }
    }

    private TtsException failure(HttpResponse<InputStream> response, InputStream in) {
        return HttpFailures.failure(engine, response.statusCode(), response.headers(), vendorSays(in).orElse(null),
                Instant.now());
    }

    /** The message in the first {@value #ERROR_BODY_BYTES} bytes of a body, the key redacted. */
    private Optional<String> vendorSays(InputStream in) {
        String message;
        try {
            byte[] bytes = in.readNBytes(ERROR_BODY_BYTES);
            message = VendorErrorBody.message(bytes, bytes.length);
        } catch (IOException e) {
            message = "(body unreadable: " + describe(e) + ")";
        }
        return Optional.ofNullable(key == null ? message : key.redact(message));
    }

    /** JSON, XML, HTML, any text: what a vendor or a proxy says in words, never audio. */
    private static boolean isNotAudio(String contentType) {
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("application/xml")
                || type.startsWith("application/problem+") || type.contains("+json") || type.contains("+xml");
    }

    private TtsException unreachable(URI uri, Throwable cause, long elapsedNanos) {
        String why;
        // The JDK reports the request timeout (our first-byte timeout) as HttpConnectTimeoutException too when it
        // fires while still connecting: the connect timeout is the cause only if that much time has passed.
        if (cause instanceof HttpConnectTimeoutException
                && elapsedNanos >= settings.connectTimeout().toNanos()) {
            why = "no connection within " + HttpEngineSettings.CONNECT_TIMEOUT_MS + " = "
                    + settings.connectTimeout().toMillis() + " ms";
        } else if (cause instanceof HttpTimeoutException) {
            why = "no response within " + HttpEngineSettings.FIRST_BYTE_TIMEOUT_MS + " = "
                    + settings.firstByteTimeout().toMillis() + " ms"
                    + (cause instanceof HttpConnectTimeoutException ? " (still connecting)" : "");
        } else if (cause instanceof ConnectException) {
            // The JDK's ConnectException here has no message and a bare ClosedChannelException as its cause.
            why = "cannot connect, refused or unreachable (" + describe(cause) + ")";
        } else {
            why = describe(cause);
        }
        return new TtsException(TtsException.Kind.UNAVAILABLE, engine, endpoint(uri) + ": " + why, cause);
    }

    /**
     * Scheme, host, port and path: the endpoint without query or user info (either may hold a key). Shared with
     * the WebSocket client.
     */
    public static String endpoint(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private String describe(Throwable e) {
        return describe(e, key);
    }

    /**
     * The exception's class and message, then its causes' messages where they add something (an SSL failure's
     * reason is often only in a cause), about 300 characters at most, with {@code key} (may be null) redacted.
     * Shared with the WebSocket client.
     */
    public static String describe(Throwable e, ApiKey key) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            if (text.length() > 0) {
                if (message == null || text.indexOf(message) >= 0) {
                    continue;
                }
                text.append(", caused by ");
            }
            text.append(t.getClass().getSimpleName()).append(message == null ? "" : ": " + message);
        }
        return key == null ? text.toString() : key.redact(text.toString());
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // aborting anyway
            }
        }
    }

    /** Aborts the exchanges in flight and releases the client's threads and connections. Idempotent. */
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
        return "HttpEngineClient[" + engine + ", " + settings + "]";
    }
}
