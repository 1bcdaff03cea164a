package io.github.voxbridge.tts.transport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on loopback that answers one request with a chunked 200 and closes the connection in the
 * middle of a chunk: whole chunks of {@code audio[0, whole)}, then a chunk header announcing more bytes than follow,
 * {@code audio[whole, end)}, then the close. Raw sockets, because {@code com.sun.net.httpserver} always ends a
 * chunked body properly. Shared by the HTTP engines' tests (this module's test-jar).
 */
public final class CutShortServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String path;
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * @param contentType the response's {@code Content-Type}, e.g. {@code application/octet-stream}
     * @param path        appended to the base URL, the API root as the engine's {@code base-url} takes it, e.g.
     *                    {@code /v1} (or empty)
     * @param audio       the body's bytes
     * @param whole       how many of them go out in whole chunks
     * @param end         where the cut chunk stops (its header announces 1000 bytes more)
     * @param cutAfter    released by the test once the client holds the whole chunks
     */
    public CutShortServer(String contentType, String path, byte[] audio, int whole, int end, CountDownLatch cutAfter)
            throws IOException {
        this.path = path;
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().start(() -> {
            try (Socket connection = socket.accept()) {
                readRequest(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                int at = 0;
                for (int size : new int[] {4801, 1}) { // two whole chunks, odd sizes
                    int n = Math.min(size, whole - at);
                    chunkHeader(out, n);
                    out.write(audio, at, n);
                    out.write(CRLF);
                    at += n;
                }
                chunkHeader(out, whole - at);
                out.write(audio, at, whole - at);
                out.write(CRLF);
                out.flush();
                if (!cutAfter.await(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("the client never read the whole chunks");
                }
                chunkHeader(out, end - whole + 1000); // announces 1000 bytes more than are sent
                out.write(audio, whole, end - whole);
                out.flush();
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    private static final byte[] CRLF = {'\r', '\n'};

    /** The base URL to give the engine: loopback, this server's port, then the path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Any failure of the server thread (for the test to report). */
    public Throwable failure() {
        return failure;
    }

    private static void chunkHeader(OutputStream out, int size) throws IOException {
        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the request line, headers and {@code Content-Length} body, so closing does not reset the connection. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended in its headers");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        socket.close();
        thread.join(10_000);
    }
}
