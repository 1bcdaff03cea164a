package io.github.voxbridge.bench.loopback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A vendor's streaming HTTP speech endpoint on loopback (JDK {@code com.sun.net.httpserver}), just enough for the
 * real engine to accept the answer: {@code POST <path>} with the vendor's auth header, answered 200 with a chunked
 * body of {@code contentType} (OpenAI, tts-engines.md section 1; Deepgram REST, 3a; Azure, 6; Polly, 7). Anything
 * else gets 401 or 404, which the engine reports and the measurement stops on. The audio is {@link ScriptedAudio}:
 * the first burst flushed as one HTTP chunk, {@link FirstAudioProbe#markFirstWrite()} just before it, then a pause
 * until the consumer has its first media message.
 *
 * <p><b>Nagle.</b> The JDK server leaves {@code TCP_NODELAY} off unless the system property
 * {@code sun.net.httpserver.nodelay} is true when the server classes load; with it off, a small chunk written after
 * the (unacknowledged) response headers can wait for the client's delayed ACK. The measuring program sets it to true
 * unless given on the command line, so that the server's socket is not what is measured.
 */
public final class LoopbackHttpVendor implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread t = new Thread(runnable, "loopback-http-vendor");
        t.setDaemon(true);
        return t;
    });
    private final String path;
    private final String authHeader;
    private final Predicate<String> authAccepted;
    private final String contentType;
    private final ScriptedAudio audio;

    /**
     * Starts the server on an ephemeral loopback port.
     *
     * @param path         the request path the vendor serves, e.g. {@code /v1/audio/speech}
     * @param authHeader   the header carrying the credentials, e.g. {@code Authorization}
     * @param authAccepted whether that header's value is the right one
     * @param contentType  the 200's {@code Content-Type}, e.g. {@code application/octet-stream}
     * @param audio        the answer's audio
     */
    public LoopbackHttpVendor(String path, String authHeader, Predicate<String> authAccepted, String contentType,
            ScriptedAudio audio) throws IOException {
        this.path = path;
        this.authHeader = authHeader;
        this.authAccepted = authAccepted;
        this.contentType = contentType;
        this.audio = audio;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor); // platform threads: a handler parked on the probe must not hold the dispatcher
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}; the caller appends the API root's path (OpenAI's {@code /v1}). */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().equals(path) || !exchange.getRequestMethod().equals("POST")) {
                refuse(exchange, 404, "no " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                return;
            }
            String credentials = exchange.getRequestHeaders().getFirst(authHeader);
            if (credentials == null || !authAccepted.test(credentials)) {
                refuse(exchange, 401, "bad or missing " + authHeader);
                return;
            }
            FirstAudioProbe probe = audio.probes().get();
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0); // 0: chunked, as the vendors stream
            OutputStream body = exchange.getResponseBody();
            probe.markFirstWrite();
            body.write(audio.first());
            body.flush(); // one HTTP chunk on the wire now (ChunkedOutputStream buffers up to 4,096 bytes otherwise)
            probe.awaitRelease();
            body.write(audio.rest());
        } catch (IOException e) {
            // the engine went away (cancelled or failed): the measuring program reports it from its side
        }
    }

    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = ("{\"error\":{\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
