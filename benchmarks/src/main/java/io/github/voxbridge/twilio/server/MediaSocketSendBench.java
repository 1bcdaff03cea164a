package io.github.voxbridge.twilio.server;

import io.github.voxbridge.bench.MediaSendBench;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.stream.FrameAssembler;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's own send path per 20 ms frame, as {@code CallSession} runs it since the media WebSocket became
 * {@link MediaSocketConnection}: the media message written from a 160-byte mu-law frame into a reused buffer
 * ({@link OutboundMessageWriter#writeMediaMessage(byte[], ByteBuffer)}) and handed to the connection, which copies it
 * behind a frame header into its output buffer and writes it, waited for. {@link MediaSendBench} measures the same
 * against Jetty's WebSocket session, the path before; the other end is the same draining socket, so B/op
 * ({@code -prof gc}) is the server's.
 *
 * <ul>
 *   <li>{@code frame}: one message, written at once (a mark, or a frame with nothing after it).</li>
 *   <li>{@code refill}: five messages per operation, the first four "with more" and written with the fifth in one
 *       write, as the player sends a refill; the score is per message ({@link OperationsPerInvocation}).</li>
 * </ul>
 * In the server's package because the connection is not public API; the shaded benchmark jar puts both on one class
 * path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MediaSocketSendBench {

    private static final int FRAME = FrameAssembler.FRAME_BYTES;
    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int REFILL = 5;

    private byte[][] frames;
    private int next;
    private OutboundMessageWriter writer;
    private ByteBuffer buffer;

    private Server server;
    private MediaSendBench.DrainingClient client;
    private MediaSocketConnection socket;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        frames = MediaSendBench.speechFrames();
        writer = new OutboundMessageWriter(STREAM_SID);
        buffer = ByteBuffer.allocate(writer.mediaMessageLength(FRAME));

        CompletableFuture<MediaSocketConnection> opened = new CompletableFuture<>();
        server = new Server();
        ServerConnector connector = MediaSendBench.loopbackConnector(server);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // The upgrade as MediaUpgrade does it, without a call behind it.
                MediaSocketConnection connection = new MediaSocketConnection(
                        request.getConnectionMetaData().getConnection().getEndPoint(),
                        request.getConnectionMetaData().getConnector().getExecutor(), new Opened(opened),
                        64 * 1024, 60_000, MediaStreamServer.INPUT_BUFFER_BYTES);
                response.setStatus(101);
                response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
                response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
                response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT,
                        MediaUpgrade.accept(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY)));
                request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
                response.write(true, null, callback);
                return true;
            }
        });
        server.start();
        client = new MediaSendBench.DrainingClient(connector.getLocalPort());
        socket = opened.get(10, TimeUnit.SECONDS);

        // The first message of each path, read back whole: the exact text of the writer's String.
        for (int path = 0; path < 2; path++) {
            String[] expected = new String[path == 0 ? 1 : REFILL];
            int at = next;
            for (int i = 0; i < expected.length; i++) {
                expected[i] = writer.mediaMessage(frames[(at + i) % frames.length]);
            }
            if (path == 0) {
                frame();
            } else {
                refill();
            }
            for (String e : expected) {
                String received = client.readTextFrame();
                if (!received.equals(e)) {
                    throw new IllegalStateException("sent\n" + received + "\ninstead of\n" + e);
                }
            }
        }
        next = 0;
        client.startDraining();
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
    public void frame() throws Exception {
        buffer.clear();
        writer.writeMediaMessage(nextFrame(), buffer);
        socket.sendText(buffer.flip(), false, SEND_TIMEOUT_NANOS);
    }

    @Benchmark
    @OperationsPerInvocation(REFILL)
    public void refill() throws Exception {
        for (int i = 0; i < REFILL; i++) {
            buffer.clear();
            writer.writeMediaMessage(nextFrame(), buffer);
            socket.sendText(buffer.flip(), i < REFILL - 1, SEND_TIMEOUT_NANOS);
        }
    }

    /** Hands the connection to the set-up; the client never sends anything. */
    private record Opened(CompletableFuture<MediaSocketConnection> opened) implements MediaSocketConnection.Listener {
        @Override
        public void onOpen(MediaSocketConnection socket) {
            opened.complete(socket);
        }

        @Override
        public void onText(String text) {
        }

        @Override
        public void onBinary(long length) {
        }

        @Override
        public void onClosed(int code, String reason) {
        }

        @Override
        public void onFailure(Throwable cause) {
        }
    }
}
