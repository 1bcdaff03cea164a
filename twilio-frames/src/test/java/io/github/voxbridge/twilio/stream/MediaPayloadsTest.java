package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MediaMessages} taken as payloads ({@link MediaMessages#nextPayload}): the same frames as the messages of
 * {@link MediaMessages#next()}, the same end and failure, and the ring between synthesis and the consumer: at most
 * {@code bufferFrames} frames wait, a producer waiting for room is refilled once half the ring is free, and closing
 * wakes whichever side waits. Where the test must know that a side waits, it looks at that thread (parked, inside
 * the method that parks), never at the time.
 */
class MediaPayloadsTest {

    private static final String SID = "MZ00000000000000000000000000000003";
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final int FRAME = FrameAssembler.FRAME_BYTES;
    private static final long WAIT_MILLIS = 10_000;

    private final SteppedEngine engine = new SteppedEngine();

    @AfterEach
    void finishSynthesis() {
        engine.allowAll();
    }

    private static TwilioTtsStream tones() {
        return TwilioTtsStream.builder(new ToneEngine()).streamSid(SID).build();
    }

    /** The payloads of every message, through {@link MediaMessages#next()}. */
    private static List<byte[]> payloadsOfMessages(MediaMessages messages) {
        List<byte[]> payloads = new ArrayList<>();
        messages.forEachRemaining(json -> payloads.add(((OutboundMessage.Media) CODEC.parseOutbound(json)).payload()));
        return payloads;
    }

    /** Polls {@code condition} (every 0.2 ms) until it holds; the bound only stops a broken build hanging. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Whether {@code thread} is parked inside {@code MediaMessages.<method>}. */
    private static boolean parkedIn(Thread thread, String method) {
        if (thread == null || thread.getState() != Thread.State.WAITING) {
            return false;
        }
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame ->
                frame.getClassName().equals(MediaMessages.class.getName()) && frame.getMethodName().equals(method));
    }

    @Test
    void nextPayloadTakesTheFramesThatNextWraps() {
        List<byte[]> reference;
        try (MediaMessages messages = tones().generate("440 Hz 1010 ms")) {  // 50.5 frames: the last one padded
            reference = payloadsOfMessages(messages);
        }
        assertThat(reference).hasSize(51);

        // Into one array at odd offsets: each frame lands where it is asked to, nothing else is written.
        byte[] all = new byte[7 + reference.size() * FRAME + 5];
        Arrays.fill(all, (byte) 0x55);
        try (MediaMessages messages = tones().generate("440 Hz 1010 ms")) {
            assertThat(messages.streamSid()).isEqualTo(SID);
            for (int i = 0; messages.hasNext(); i++) {
                assertThat(messages.nextPayload(all, 7 + i * FRAME)).isEqualTo(FRAME);
            }
            assertThatThrownBy(() -> messages.nextPayload(new byte[FRAME], 0))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("no more media messages in this generation");
        }
        for (int i = 0; i < reference.size(); i++) {
            assertThat(Arrays.copyOfRange(all, 7 + i * FRAME, 7 + (i + 1) * FRAME)).as("frame %d", i)
                    .isEqualTo(reference.get(i));
        }
        assertThat(Arrays.copyOfRange(all, 0, 7)).containsOnly((byte) 0x55);
        assertThat(Arrays.copyOfRange(all, all.length - 5, all.length)).containsOnly((byte) 0x55);

        // Both ways mixed, in any order: one sequence of frames.
        List<byte[]> mixed = new ArrayList<>();
        try (MediaMessages messages = tones().generate("440 Hz 1010 ms")) {
            for (int i = 0; messages.hasNext(); i++) {
                if (i % 3 == 1) {
                    mixed.add(((OutboundMessage.Media) CODEC.parseOutbound(messages.next())).payload());
                } else {
                    byte[] payload = new byte[FRAME];
                    messages.nextPayload(payload, 0);
                    mixed.add(payload);
                }
            }
        }
        assertThat(mixed).usingElementComparator(Arrays::compare).containsExactlyElementsOf(reference);
    }

    @Test
    void anArrayWithoutRoomIsRefusedAndNothingIsTaken() {
        byte[] first;
        try (MediaMessages messages = tones().generate("440 Hz 40 ms")) {
            first = payloadsOfMessages(messages).getFirst();
        }
        try (MediaMessages messages = tones().generate("440 Hz 40 ms")) {
            assertThatThrownBy(() -> messages.nextPayload(new byte[FRAME - 1], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("no room for a 160-byte frame at offset 0 of a 159-byte array");
            assertThatThrownBy(() -> messages.nextPayload(new byte[FRAME], 1))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("no room for a 160-byte frame at offset 1 of a 160-byte array");
            assertThatThrownBy(() -> messages.nextPayload(new byte[FRAME], -1))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("no room for a 160-byte frame at offset -1 of a 160-byte array");
            assertThatThrownBy(() -> messages.nextPayload(null, 0)).isInstanceOf(NullPointerException.class);
            byte[] payload = new byte[FRAME];
            messages.nextPayload(payload, 0);
            assertThat(payload).as("still the first frame").isEqualTo(first);
        }
    }

    @Test
    void anEngineFailureIsThrownByNextPayloadAfterTheFramesMadeBeforeIt() {
        engine.allowAll();
        byte[] payload = new byte[FRAME];
        try (MediaMessages messages = TwilioTtsStream.builder(engine).streamSid(SID).build()
                .generate("3 frames then crash")) {
            for (int i = 0; i < 3; i++) {
                messages.nextPayload(payload, 0);
            }
            assertThatThrownBy(() -> messages.nextPayload(payload, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("engine crashed after 3 frames");
        }
    }

    /**
     * Four frames of buffer: a producer that runs ahead stops with four frames in the ring and a fifth in hand, and is
     * woken to refill once two frames (half the ring) have been taken.
     */
    @Test
    void atMostBufferFramesWaitAndTheProducerRefillsOnceHalfTheRingIsFree() throws Exception {
        engine.allowAll();
        byte[] payload = new byte[FRAME];
        try (MediaMessages messages = TwilioTtsStream.builder(engine).streamSid(SID).bufferFrames(4).build()
                .generate("20 frames")) {
            engine.awaitStarted(1);
            Thread producer = engine.lastThread();
            await(() -> parkedIn(producer, "put"), "the producer to wait for room");
            assertThat(messages.stats().messages()).as("four in the ring, the fifth in hand").isEqualTo(5);

            messages.nextPayload(payload, 0);
            messages.nextPayload(payload, 0);
            await(() -> messages.stats().messages() == 7 && parkedIn(producer, "put"),
                    "the producer to refill the two free slots and wait again");

            int taken = 2;
            while (messages.hasNext()) {
                messages.nextPayload(payload, 0);
                taken++;
            }
            assertThat(taken).isEqualTo(20);
        }
    }

    @Test
    void closingWakesAProducerWaitingForRoom() throws Exception {
        engine.allowAll();
        MediaMessages messages = TwilioTtsStream.builder(engine).streamSid(SID).bufferFrames(2).build()
                .generate("10 frames");
        engine.awaitStarted(1);
        Thread producer = engine.lastThread();
        await(() -> parkedIn(producer, "put"), "the producer to wait for room");

        messages.close();
        engine.awaitEnded(1);
        producer.join(WAIT_MILLIS);
        assertThat(producer.isAlive()).as("the generation's thread ended").isFalse();
        assertThat(messages.stats().messages()).as("nothing made after the close").isEqualTo(3);
        assertThat(messages.hasNext()).isFalse();
    }

    /** As a {@code Flow} subscription's cancel does: close from another thread while the consumer waits. */
    @Test
    void closingFromAnotherThreadWakesAConsumerWaitingForAFrame() throws Exception {
        MediaMessages messages = stream().generate("5 frames");
        engine.awaitStarted(1);
        CompletableFuture<Boolean> hasNext = new CompletableFuture<>();
        Thread consumer = Thread.ofVirtual().start(() -> hasNext.complete(messages.hasNext()));
        await(() -> parkedIn(consumer, "hasNext"), "the consumer to wait for a frame");

        messages.close();
        assertThat(hasNext.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("hasNext once closed").isFalse();
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).as("the synthesis was cancelled").isTrue();
    }

    /** The iterator's contract holds across a close from elsewhere: after {@code hasNext()} said yes, a frame is there. */
    @Test
    void aFrameAnnouncedByHasNextCanBeTakenEvenIfAnotherThreadClosesFirst() throws Exception {
        engine.allow(1);
        MediaMessages messages = stream().generate("5 frames");
        assertThat(messages.hasNext()).isTrue();
        Thread closer = Thread.ofVirtual().start(messages::close);
        closer.join(WAIT_MILLIS);
        byte[] payload = new byte[FRAME];
        assertThat(messages.nextPayload(payload, 0)).isEqualTo(FRAME);
        assertThat(messages.hasNext()).as("then closed").isFalse();
    }

    @Test
    void bufferFramesIsAtMostWhatOneArrayHolds() {
        TwilioTtsStream.Builder builder = TwilioTtsStream.builder(engine);
        assertThat(builder.bufferFrames(13_421_772)).as("74 hours, 2 GB: accepted").isSameAs(builder);
        assertThatThrownBy(() -> builder.bufferFrames(13_421_773))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferFrames must be at most 13421772 (160 bytes each in one array), was 13421773");
    }

    private TwilioTtsStream stream() {
        return TwilioTtsStream.builder(engine).streamSid(SID).build();
    }
}
