package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer's side of one generation ({@link MediaMessages}, fed by {@code Generation}): the iterator contract at
 * the end, interruption and closing of the consumer, the engine's failures, the last partial frame and the stats.
 * The engine is a {@link SteppedEngine}: the test decides when each frame is made, so "while synthesis runs" is a
 * state, not a moment.
 */
class MediaMessagesTest {

    private static final String SID = "MZ00000000000000000000000000000002";
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final long WAIT_MILLIS = 10_000;

    private final SteppedEngine engine = new SteppedEngine();

    @AfterEach
    void finishSynthesis() {
        engine.allowAll();
    }

    private TwilioTtsStream stream() {
        return TwilioTtsStream.builder(engine).streamSid(SID).build();
    }

    @Test
    void afterTheLastMessageHasNextStaysFalseAndNextThrows() {
        engine.allowAll();
        try (MediaMessages messages = stream().generate("2 frames")) {
            assertThat(messages.next()).contains("\"media\"");
            assertThat(messages.next()).contains("\"media\"");
            assertThat(messages.hasNext()).isFalse();
            assertThat(messages.hasNext()).as("asked again").isFalse();
            assertThatThrownBy(messages::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("no more media messages in this generation");
        }
    }

    @Test
    void anInterruptedConsumerGetsAnExceptionAndTheSynthesisIsCancelled() throws Exception {
        MediaMessages messages = stream().generate("5 frames");
        engine.awaitStarted(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(messages::hasNext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("interrupted while waiting for the next media message")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).as("the generation was cancelled").isTrue();
        assertThat(messages.hasNext()).as("closed").isFalse();
    }

    /** The engine waits for its frames without reacting to interrupts: only the cancellation token stops it. */
    @Test
    void closingCancelsTheEnginesToken() throws Exception {
        MediaMessages messages = stream().generate("5 frames");
        engine.allow(1);
        assertThat(messages.next()).contains("\"media\"");
        messages.close();
        engine.awaitEnded(1);
        assertThat(engine.sawCancel()).isTrue();
        assertThat(messages.hasNext()).as("after close").isFalse();
        assertThatThrownBy(messages::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theLastPartialFrameIsPaddedWithMuLawSilence() {
        TwilioTtsStream tones = TwilioTtsStream.builder(new ToneEngine()).streamSid(SID).build();
        List<byte[]> payloads = new ArrayList<>();
        try (MediaMessages messages = tones.generate("440 Hz 30 ms")) {  // 240 samples: a frame and a half
            messages.forEachRemaining(json -> payloads.add(((OutboundMessage.Media) CODEC.parseOutbound(json)).payload()));
        }
        assertThat(payloads).hasSize(2);
        byte[] last = payloads.get(1);
        assertThat(last).hasSize(FrameAssembler.FRAME_BYTES);
        byte[] silence = new byte[80];
        Arrays.fill(silence, MuLaw.SILENCE);
        assertThat(Arrays.copyOfRange(last, 80, 160)).as("padding").isEqualTo(silence);
        assertThat(Arrays.copyOfRange(last, 0, 80)).as("the tone's last 10 ms").isNotEqualTo(silence);
    }

    @Test
    void anEngineCrashIsThrownAsItIsAfterTheMessagesMadeBeforeIt() {
        engine.allowAll();
        try (MediaMessages messages = stream().generate("3 frames then crash")) {
            for (int i = 0; i < 3; i++) {
                assertThat(messages.next()).contains("\"media\"");
            }
            assertThatThrownBy(messages::hasNext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("engine crashed after 3 frames");
        }
    }

    @Test
    void statsCountWhatWasMadeAndTimeTheGeneration() throws Exception {
        long t0 = System.nanoTime();
        try (MediaMessages messages = stream().generate("3 frames")) {
            engine.awaitStarted(1);
            GenerationStats running = messages.stats();
            long t1 = System.nanoTime();
            assertThat(running.firstMessageNanos()).as("no message yet").isEqualTo(-1);
            assertThat(running.messages()).isZero();
            assertThat(running.elapsedNanos()).as("elapsed so far").isBetween(0L, t1 - t0);

            engine.allow(3);
            int count = 0;
            while (messages.hasNext()) {
                messages.next();
                count++;
            }
            long t2 = System.nanoTime();
            GenerationStats done = messages.stats();
            assertThat(count).isEqualTo(3);
            assertThat(done.messages()).isEqualTo(3);
            assertThat(done.engineAudioBytes()).isEqualTo(3 * 2 * SteppedEngine.FRAME_SAMPLES);
            assertThat(done.engineSeconds()).isCloseTo(0.060, within(1e-12));
            assertThat(done.elapsedNanos()).as("start to end of synthesis").isBetween(0L, t2 - t0);
            assertThat(done.firstMessageNanos()).as("first message").isBetween(0L, done.elapsedNanos());

            // Synthesis is over: its elapsed time is fixed, however late the stats are read.
            long t3 = System.nanoTime();
            while (System.nanoTime() == t3) {
                Thread.onSpinWait();
            }
            assertThat(messages.stats()).isEqualTo(done);
        }
    }

    @Test
    void statsOfATextWithoutAudio() {
        try (MediaMessages messages = stream().generate(" ")) {
            assertThat(messages.hasNext()).isFalse();
            GenerationStats stats = messages.stats();
            assertThat(stats.messages()).isZero();
            assertThat(stats.engineAudioBytes()).isZero();
            assertThat(stats.engineSeconds()).as("no format was announced").isZero();
            assertThat(stats.firstMessageNanos()).isEqualTo(-1);
        }
    }

    @Test
    void hasNextAfterCloseIsFalseEvenWhenTheGenerationHadAlreadyEnded() throws Exception {
        engine.allowAll();
        MediaMessages messages = stream().generate("2 frames");
        assertThat(messages.next()).contains("\"media\"");
        Thread producer = engine.lastThread();
        producer.join(WAIT_MILLIS); // the generation is over: its last message and its end are queued
        assertThat(producer.isAlive()).isFalse();

        messages.close();
        assertTimeoutPreemptively(Duration.ofMillis(WAIT_MILLIS), () -> assertThat(messages.hasNext()).isFalse());
    }

    /**
     * An engine that hands over one more chunk after the consumer has closed (the token allows "at most the chunk
     * it is in the middle of handing over"), and swallows the interrupt on the way, so nothing stops that hand-over.
     * With one frame of buffer, still full when the consumer closed: the generation must still end, because close()
     * dropped what was buffered and the producer never waits for a consumer that has gone.
     */
    @Test
    void aGenerationEndsEvenIfTheEngineHandsOverAChunkAfterTheConsumerClosed() throws Exception {
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch consumerClosed = new CountDownLatch(1);
        Thread[] producer = new Thread[1];
        TtsEngine late = new TtsEngine() {
            @Override
            public String name() {
                return "late";
            }

            @Override
            public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
                producer[0] = Thread.currentThread();
                sink.format(new AudioFormatSpec(SampleEncoding.S16LE, 8000));
                byte[] frame = new byte[2 * SteppedEngine.FRAME_SAMPLES];
                Arrays.fill(frame, (byte) 0x10);
                sink.audio(frame, 0, frame.length);    // fills the one-frame buffer
                firstHandedOver.countDown();
                boolean closed = false;
                while (!closed) {
                    try {
                        closed = consumerClosed.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        // swallowed: the bug this test is about
                    }
                }
                sink.audio(frame, 0, frame.length);    // after the close
                cancel.throwIfCancelled(name());
            }

            @Override
            public void close() {
            }
        };
        MediaMessages messages = TwilioTtsStream.builder(late).streamSid(SID).bufferFrames(1).build().generate("x");
        assertThat(firstHandedOver.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        messages.close();
        consumerClosed.countDown();
        producer[0].join(WAIT_MILLIS);
        assertThat(producer[0].isAlive()).as("the generation's thread ended").isFalse();
        assertThat(messages.hasNext()).isFalse();
    }
}
