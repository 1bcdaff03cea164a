package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The consumer's side of the media path allocates nothing per frame in steady state: taking payloads from a
 * generation and writing their messages into a reused buffer, and the whole of {@link OutboundPlayer}'s sending
 * with a {@link Utf8TextTransport}. Measured with the thread's allocation counter, read at every frame, after 1,000
 * frames of warm-up, over the next 1,800 frames of a 3,000-frame (60 s) utterance of {@link ToneEngine}, in nine
 * windows of 200 frames.
 *
 * <p>What "nothing per frame" means here: most windows allocate exactly 0 bytes, and the whole 1,800 frames less
 * than a byte a frame. Anything allocated per frame, even the smallest object (16 bytes), would show in every window
 * and come to 28,800 bytes at least. Not "0 in every window", because the JVM itself now and then allocates a few
 * hundred bytes on a thread that runs no allocating code: seen here once or twice in 3,000 frames, at random frames,
 * some at the moment compiled code of the path was deoptimized (objects that compiled code had kept in registers are
 * then materialized on the heap), some inside the JDK's own reading of the counter (a run recording every allocation,
 * without TLABs, showed strings made within its native call).
 *
 * <p>The ring holds the whole utterance, so the producer never waits for room: waking a parked virtual thread
 * costs the JDK a small task object on the waking thread, which is the JDK's and is amortized by the ring (see
 * {@link MediaMessages}), not a cost of this path. The JDK counts no allocation for virtual threads, so the player
 * runs on a platform thread here. The same player with a plain {@link TextTransport} is measured too, so the counter
 * is seen to count: a {@code String} a frame.
 */
class MediaAllocationTest {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final String SID = "MZ00000000000000000000000000000005";
    private static final String UTTERANCE = "440 Hz 60000 ms";
    private static final int FRAMES = 3000;
    private static final int WARM_UP = 1000;
    private static final int WINDOW = 200;
    private static final int WINDOWS = 9;
    private static final int MEASURED = WINDOW * WINDOWS;
    /** Windows that may show the JVM's own rare allocations (see the class comment). */
    private static final int NOISY_WINDOWS_ALLOWED = 3;
    private static final byte[] MEDIA_PREFIX = "{\"event\":\"media\"".getBytes(StandardCharsets.US_ASCII);

    @Test
    void takingPayloadsAndWritingMessagesIntoABufferAllocatesNothing() {
        TwilioTtsStream tts = TwilioTtsStream.builder(new ToneEngine()).streamSid(SID).bufferFrames(FRAMES).build();
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        byte[] payload = new byte[FrameAssembler.FRAME_BYTES];
        ByteBuffer out = ByteBuffer.allocate(writer.mediaMessageLength(FrameAssembler.FRAME_BYTES));
        long[] counters = new long[FRAMES];
        long checksum = 0;
        int frames = 0;
        try (MediaMessages messages = tts.generate(UTTERANCE)) {
            while (messages.hasNext()) {
                messages.nextPayload(payload, 0);
                out.clear();
                writer.writeMediaMessage(payload, out);
                checksum += out.get(out.position() - 4);
                counters[frames++] = THREADS.getCurrentThreadAllocatedBytes();
            }
        }
        assertThat(frames).isEqualTo(FRAMES);
        assertThat(checksum).as("the last base64 character of each message, summed").isPositive();
        assertNothingAllocatedPerFrame(counters, "taking payloads and writing their messages");
    }

    @Test
    void thePlayerSendingBytesAllocatesNothingPerFrame() throws Exception {
        assertNothingAllocatedPerFrame(counters(true), "the player's thread sending bytes");
    }

    @Test
    void thePlayerSendingStringsAllocatesTheirText() throws Exception {
        long[] counters = counters(false);
        long perFrame = (counters[WARM_UP + MEASURED] - counters[WARM_UP]) / MEASURED;
        // The message is 305 characters: a String (24 bytes) and its Latin-1 array (16 + 305, aligned: 328 bytes).
        assertThat(perFrame).as("bytes allocated per frame by the player's thread").isBetween(305L, 1_000L);
    }

    /**
     * Plays the utterance on a player on a platform thread; its transport reads the thread's allocation counter at
     * each media message (nothing else: it must not allocate itself) and returns what it read, one per frame.
     */
    private static long[] counters(boolean bytes) throws Exception {
        long[] counters = new long[FRAMES];
        int[] frames = {0};
        // The mark after the last frame: the test waits for it here, not by asking the player, whose lock the
        // player's thread would then sometimes wait for (a contended lock allocates a queue node for the waiter).
        CountDownLatch marked = new CountDownLatch(1);
        TextTransport transport;
        if (bytes) {
            int length = new OutboundMessageWriter(SID).mediaMessageLength(FrameAssembler.FRAME_BYTES);
            transport = (Utf8TextTransport) utf8 -> {
                if (isMedia(utf8)) {
                    if (utf8.remaining() != length) {   // not AssertJ: an assertion object a frame would count
                        throw new IllegalStateException("a media message of " + utf8.remaining() + " bytes");
                    }
                    counters[frames[0]++] = THREADS.getCurrentThreadAllocatedBytes();
                } else {
                    marked.countDown();
                }
            };
        } else {
            transport = json -> {
                if (json.startsWith("{\"event\":\"media\"")) {
                    counters[frames[0]++] = THREADS.getCurrentThreadAllocatedBytes();
                } else {
                    marked.countDown();
                }
            };
        }
        OutboundPlayer player = OutboundPlayer.builder(new ToneEngine())
                .lead(Duration.ofSeconds(600))            // no pacing: 60 s of audio go as fast as they are made
                .bufferFrames(FRAMES)
                .platformThread()
                .build(transport);
        try {
            player.onMessage(CODEC.write(new InboundMessage.Start(1, SID, "AC00000000000000000000000000000000",
                    "CA00000000000000000000000000000000", List.of("inbound"), Map.of(),
                    InboundMessage.MediaFormat.TWILIO)));
            Utterance u = player.play(UTTERANCE);
            assertThat(marked.await(60, TimeUnit.SECONDS)).as("the utterance sent within 60 s").isTrue();
            assertThat(u.framesSent()).isEqualTo(FRAMES);
        } finally {
            player.close();
        }
        assertThat(frames[0]).isEqualTo(FRAMES);
        return counters;
    }

    /** {@code counters[i]}: the thread's allocated bytes just after frame {@code i}. See the class comment. */
    private static void assertNothingAllocatedPerFrame(long[] counters, String what) {
        List<Long> windows = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            int from = WARM_UP + w * WINDOW;
            windows.add(counters[from + WINDOW] - counters[from]);
        }
        long total = counters[WARM_UP + MEASURED] - counters[WARM_UP];
        assertThat(windows).as("%s: windows of %d frames without allocation, among %s", what, WINDOW, windows)
                .filteredOn(bytes -> bytes == 0).hasSizeGreaterThanOrEqualTo(WINDOWS - NOISY_WINDOWS_ALLOWED);
        assertThat(total).as("%s: bytes allocated over %d frames (windows: %s)", what, MEASURED, windows)
                .isLessThan(MEASURED);
    }

    private static boolean isMedia(ByteBuffer message) {
        if (message.remaining() < MEDIA_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < MEDIA_PREFIX.length; i++) {
            if (message.get(message.position() + i) != MEDIA_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }
}
