package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.SentenceAggregator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TwilioTtsStream}'s settings and the token-stream generation's reaction to cancellation. */
class TwilioTtsStreamBuilderTest {

    private static final String SID = "MZ00000000000000000000000000000004";
    private static final long WAIT_MILLIS = 10_000;

    private final SteppedEngine engine = new SteppedEngine();

    @AfterEach
    void finishSynthesis() {
        engine.allowAll();
    }

    private static List<String> all(MediaMessages messages) {
        List<String> out = new ArrayList<>();
        try (messages) {
            messages.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void everySettingIsKeptAndOneFrameOfBufferIsEnough() {
        engine.allowAll();
        AtomicInteger aggregators = new AtomicInteger();
        TwilioTtsStream stream = TwilioTtsStream.builder(engine)
                .streamSid(SID)
                .quality(ResamplerQuality.HQ)
                .bufferFrames(1)
                .aggregators(() -> {
                    aggregators.incrementAndGet();
                    return new SentenceAggregator();
                })
                .build();
        List<String> reference = all(TwilioTtsStream.builder(engine).streamSid(SID).build().generate("4 frames"));
        assertThat(reference).hasSize(4);
        assertThat(all(stream.generate("4 frames"))).isEqualTo(reference);
        assertThat(all(stream.generateStreaming(List.of("4 fr", "ames").iterator()))).isEqualTo(reference);
        assertThat(aggregators).as("one aggregator per token stream").hasValue(1);
    }

    @Test
    void bufferFramesIsAtLeastOne() {
        assertThatThrownBy(() -> TwilioTtsStream.builder(engine).bufferFrames(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bufferFrames must be at least 1, was 0");
    }

    @Test
    void anEmptyStreamSidIsRefused() {
        assertThatThrownBy(() -> TwilioTtsStream.builder(engine).streamSid("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a streamSid is required: take it from Twilio's start message");
    }

    /**
     * A token source that waits for its next token without reacting to interrupts (some LLM clients do): after the
     * generation is closed it reads at most the token it was waiting for, and asks for no more.
     */
    @Test
    void closingStopsReadingATokenStreamThatIgnoresInterrupts() throws Exception {
        Semaphore tokens = new Semaphore(0);
        Semaphore waiting = new Semaphore(0);
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<Thread> reader = new AtomicReference<>();
        Iterator<String> llm = new Iterator<>() {
            @Override
            public boolean hasNext() {
                reader.set(Thread.currentThread());
                asked.incrementAndGet();
                waiting.release();
                tokens.acquireUninterruptibly();
                return true;
            }

            @Override
            public String next() {
                return "and then";   // never ends a sentence
            }
        };
        MediaMessages messages = TwilioTtsStream.builder(engine).streamSid(SID).build().generateStreaming(llm);
        try {
            assertThat(waiting.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("waiting for a token").isTrue();
            messages.close();
            tokens.release(); // the token the source was waiting for arrives after the close
            reader.get().join(WAIT_MILLIS);
            assertThat(reader.get().isAlive()).as("the generation ended").isFalse();
            assertThat(asked).as("tokens asked for").hasValue(1);
            assertThat(engine.texts()).as("nothing synthesized").isEmpty();
        } finally {
            tokens.release(1000);
        }
    }
}
