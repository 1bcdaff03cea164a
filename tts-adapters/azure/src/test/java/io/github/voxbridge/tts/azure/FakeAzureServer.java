package io.github.voxbridge.tts.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Azure's REST text-to-speech endpoint on loopback, as tts-engines.md sections 6 and 9 describe it: it checks the
 * method, the path {@code /cognitiveservices/v1} and the four headers (401 with an empty body for a wrong key, 415
 * for a wrong Content-Type, 400 for a missing or unknown output format or User-Agent), parses the SSML body with a
 * namespace-aware DOM parser (400 if it is not XML), records every request, and leaves the answer to a valid one to
 * the test's {@link Responder}: typically a chunked 200 written in uneven, odd-sized chunks. Public, in this
 * module's test-jar, for the cli's {@code speak} tests.
 */
public final class FakeAzureServer implements AutoCloseable {

    /** What the adapter sent; {@code ssml} is the parsed body. */
    public record Request(String method, String path, String key, String contentType, String outputFormat,
            String userAgent, String body, Document ssml) {

        /** The {@code <voice>} element. */
        public Element voice() {
            return (Element) ssml.getDocumentElement().getElementsByTagNameNS(SsmlBody.SSML_NAMESPACE, "voice")
                    .item(0);
        }

        /** The text inside {@code <voice>}, as the parser reads it. */
        public String text() {
            return voice().getTextContent();
        }
    }

    /** The answer to a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code request} on {@code exchange} (closed by the server afterwards). */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    /** Chunk sizes {@link #writePaced} cycles through: uneven, mostly odd. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};
    /** The raw formats of Azure's "Streaming" list this fake knows. */
    public static final Set<String> FORMATS = Set.of("raw-8khz-8bit-mono-mulaw", "raw-24khz-16bit-mono-pcm");

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> status(exchange, 500, "no responder set");

    /** Starts the server on a free loopback port, accepting {@code key} as the subscription key. */
    public FakeAzureServer(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The service root to pass as {@code base-url}, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answer to the next valid requests. */
    public void respond(Responder responder) {
        this.responder = responder;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Document ssml;
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                ssml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            } catch (Exception e) {
                ssml = null;
            }
            var headers = exchange.getRequestHeaders();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers.getFirst("Ocp-Apim-Subscription-Key"), headers.getFirst("Content-Type"),
                    headers.getFirst("X-Microsoft-OutputFormat"), headers.getFirst("User-Agent"),
                    new String(body, StandardCharsets.UTF_8), ssml);
            requests.add(request);
            if (!request.path().equals("/cognitiveservices/v1")) {
                status(exchange, 404, "");
            } else if (!request.method().equals("POST")) {
                status(exchange, 405, "");
            } else if (!key.equals(request.key())) {
                status(exchange, 401, ""); // Azure answers a bad key with an empty 401
            } else if (!"application/ssml+xml".equals(request.contentType())) {
                status(exchange, 415, "");
            } else if (request.outputFormat() == null || !FORMATS.contains(request.outputFormat())
                    || request.userAgent() == null || request.userAgent().isBlank() || ssml == null
                    || request.voice() == null) {
                status(exchange, 400, "Bad request: " + request.outputFormat() + " " + request.userAgent());
            } else {
                responder.respond(exchange, request);
            }
        } catch (IOException e) {
            // the client went away; the test that cares watches for it itself
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    /** A response of {@code status} with {@code body} as plain text (Azure's error bodies are short or empty). */
    public static void status(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Starts a 200 with a chunked audio body of {@code contentType} (raw mu-law is {@code audio/basic}). */
    public static OutputStream startAudio(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0); // 0: chunked
        return exchange.getResponseBody();
    }

    /** Writes {@code audio[from, to)} in chunks of {@link #CHUNK_SIZES}, each flushed (one HTTP chunk). */
    public static void writePaced(OutputStream out, byte[] audio, int from, int to, long pauseMillis)
            throws IOException, InterruptedException {
        int at = from;
        for (int i = 0; at < to; i++) {
            int n = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], to - at);
            out.write(audio, at, n);
            out.flush();
            at += n;
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    /** Deterministic audio-like bytes for {@code text}: {@code length} bytes the test can recompute. */
    public static byte[] audioFor(String text, int length) {
        byte[] audio = new byte[length];
        int seed = text.hashCode();
        for (int i = 0; i < length; i++) {
            seed = seed * 1_103_515_245 + 12_345;
            audio[i] = (byte) (seed >>> 23);
        }
        return audio;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
