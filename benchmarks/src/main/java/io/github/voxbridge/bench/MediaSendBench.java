package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.stream.FrameAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The send path of one outbound media message, per 20 ms frame: the message written from a 160-byte mu-law frame
 * and handed to a real Jetty 12 WebSocket session on loopback, waited for until Jetty has written it (as the
 * server's {@code CallSession} waits, bounded by its send timeout).
 *
 * <ul>
 *   <li>{@code stringPath}: what {@code CallSession} did before: {@link OutboundMessageWriter#mediaMessage(byte[])},
 *       then Jetty's API {@code Session.sendText(String, Callback)} with a {@code Callback.Completable} waited for.
 *       </li>
 *   <li>{@code bytePath}: what it does now: {@link OutboundMessageWriter#writeMediaMessage(byte[], ByteBuffer)}
 *       into a reused buffer, then Jetty's core {@code CoreSession.sendFrame} of a TEXT frame from that buffer, with
 *       one {@link Frame}, one {@link OutgoingEntry} and one completion reused for every message
 *       ({@link ReusedTextFrame}, the same code as {@code CallSession}'s).</li>
 *   <li>{@code bytePathNewFrame}: the bytes as {@code Utf8TextTransport}'s Javadoc example sends them: a new
 *       {@link Frame} and a new {@code Callback.Completable} per message, so the difference to {@code bytePath} is
 *       what reusing them saves.</li>
 * </ul>
 * The other end is a plain socket that does the WebSocket handshake by hand and then reads and discards into one
 * array on its own thread, so the client allocates nothing and B/op ({@code -prof gc}, every thread of the JVM) is
 * the server's: the writer, the hand-over, and Jetty's own per-frame objects (its queue entry, the gather array, a
 * slice of the payload). At set-up each path's first message is read back whole from the socket and must be the
 * exact text {@link OutboundMessageWriter#mediaMessage(byte[])} gives. Each operation takes the next frame of
 * {@link SpeechLikeSignal}, encoded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MediaSendBench {

    private static final int FRAME = FrameAssembler.FRAME_BYTES;
    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    /** The bound on each wait, as the server's default send timeout. */
    private static final long SEND_TIMEOUT_SECONDS = 5;

    private byte[][] frames;
    private int next;
    private OutboundMessageWriter writer;
    private ByteBuffer buffer;

    private Server server;
    private DrainingClient client;
    private Session session;
    private CoreSession core;
    private ReusedTextFrame reused;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        frames = speechFrames();
        writer = new OutboundMessageWriter(STREAM_SID);
        buffer = ByteBuffer.allocate(writer.mediaMessageLength(FRAME));

        CompletableFuture<Session> opened = new CompletableFuture<>();
        server = new Server();
        ServerConnector connector = loopbackConnector(server);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/media",
                (request, response, callback) -> new Endpoint(opened))));
        server.start();
        client = new DrainingClient(connector.getLocalPort());
        session = opened.get(10, TimeUnit.SECONDS);
        core = ((WebSocketSession) session).getCoreSession();
        reused = new ReusedTextFrame(core);

        // Each path's first message, read back whole: the exact text of the writer's String.
        String[] paths = {"stringPath", "bytePath", "bytePathNewFrame"};
        for (String path : paths) {
            String expected = writer.mediaMessage(frames[next]);
            switch (path) {
                case "stringPath" -> stringPath();
                case "bytePath" -> bytePath();
                default -> bytePathNewFrame();
            }
            String received = client.readTextFrame();
            if (!received.equals(expected)) {
                throw new IllegalStateException(path + " sent\n" + received + "\ninstead of\n" + expected);
            }
        }
        next = 0;
        client.startDraining();
    }

    /** {@link SpeechLikeSignal} as 160-byte mu-law frames: what each operation sends the next of. */
    public static byte[][] speechFrames() {
        short[] pcm = SpeechLikeSignal.generate().pcm16();
        int count = pcm.length / FRAME;
        byte[][] frames = new byte[count][FRAME];
        for (int f = 0; f < count; f++) {
            MuLaw.encode(pcm, f * FRAME, frames[f], 0, FRAME);
        }
        return frames;
    }

    /** A connector of {@code server} on 127.0.0.1 and a free port, added to it. */
    public static ServerConnector loopbackConnector(Server server) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        server.stop();
    }

    private byte[] nextFrame() {
        byte[] frame = frames[next];
        next = next + 1 == frames.length ? 0 : next + 1;
        return frame;
    }

    @Benchmark
    public void stringPath() throws Exception {
        String json = writer.mediaMessage(nextFrame());
        Callback.Completable.with(sent -> session.sendText(json, sent)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Benchmark
    public void bytePath() throws Exception {
        buffer.clear();
        writer.writeMediaMessage(nextFrame(), buffer);
        reused.send(buffer.flip(), TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS));
    }

    @Benchmark
    public void bytePathNewFrame() throws Exception {
        buffer.clear();
        writer.writeMediaMessage(nextFrame(), buffer);
        ByteBuffer utf8 = buffer.flip();
        org.eclipse.jetty.util.Callback.Completable.with(sent -> core.sendFrame(new Frame(OpCode.TEXT, utf8), sent,
                false)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The server's end: hands its session to the set-up; Twilio's side never sends anything here. */
    public static final class Endpoint extends Session.Listener.AbstractAutoDemanding {
        private final CompletableFuture<Session> opened;

        Endpoint(CompletableFuture<Session> opened) {
            this.opened = opened;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            opened.complete(session);
        }
    }

    /**
     * TEXT frames from a {@code ByteBuffer} through the core session, one at a time, each waited for, with one frame,
     * one entry and one completion for all: the same code as the server's {@code CallSession.TextFrames} (private
     * there), without its timeout bookkeeping.
     */
    static final class ReusedTextFrame implements org.eclipse.jetty.util.Callback {
        private static final int PENDING = 0;
        private static final int SUCCEEDED = 1;
        private static final int FAILED = 2;

        private final CoreSession core;
        private final Frame frame = new Frame(OpCode.TEXT);
        private final OutgoingEntry entry;
        private volatile int state = SUCCEEDED;
        private volatile Throwable failure;
        private volatile Thread waiting;

        ReusedTextFrame(CoreSession core) {
            this.core = core;
            this.entry = new OutgoingEntry.Builder(frame, this).batch(false).build();
        }

        void send(ByteBuffer utf8, long timeoutNanos) throws InterruptedException, TimeoutException,
                ExecutionException {
            long deadline = System.nanoTime() + timeoutNanos;
            frame.setPayload(utf8);
            failure = null;
            state = PENDING;
            core.sendFrame(entry);
            while (state == PENDING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no completion within " + timeoutNanos / 1_000_000 + " ms");
                }
                waiting = Thread.currentThread();
                if (state == PENDING) {
                    LockSupport.parkNanos(this, left);
                }
                waiting = null;
                if (Thread.interrupted()) {
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

    /**
     * Twilio's end, reduced to what costs nothing: a plain socket, the WebSocket upgrade written and its 101 read by
     * hand (RFC 6455 section 4), then, on its own platform thread, every byte read into one array and dropped. A
     * server's frames are not masked, so {@link #readTextFrame()} can read one back for the set-up's check.
     */
    public static final class DrainingClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private Thread drain;

        public DrainingClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            byte[] nonce = new byte[16];
            new java.util.Random(1).nextBytes(nonce);
            String upgrade = "GET /media HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the server closed during the upgrade: " + head);
                }
                head.append((char) b);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new IOException("no upgrade: " + head);
            }
        }

        /** One whole unmasked TEXT frame, as text. */
        public String readTextFrame() throws IOException {
            int first = in.readNBytes(1)[0] & 0xFF;
            int second = in.readNBytes(1)[0] & 0xFF;
            if (first != 0x81 || (second & 0x80) != 0) {
                throw new IOException("not one unmasked, final TEXT frame: header " + Integer.toHexString(first)
                        + " " + Integer.toHexString(second));
            }
            int length = second & 0x7F;
            if (length == 126) {
                byte[] ext = in.readNBytes(2);
                length = (ext[0] & 0xFF) << 8 | (ext[1] & 0xFF);
            } else if (length == 127) {
                throw new IOException("a frame longer than 65,535 bytes");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length != length) {
                throw new IOException("the socket closed inside a frame");
            }
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** From now on every byte is read and dropped, on a thread of its own, until the socket closes. */
        public void startDraining() {
            drain = Thread.ofPlatform().daemon().name("media-send-bench-client").start(() -> {
                byte[] sink = new byte[64 * 1024];
                try {
                    while (in.read(sink) >= 0) {
                        // dropped
                    }
                } catch (IOException e) {
                    // closed by tearDown
                }
            });
        }

        @Override
        public void close() throws Exception {
            socket.close();
            if (drain != null) {
                drain.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }
}
