package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.UncheckedTtsException;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TTS-to-Twilio stream against a scripted engine of ours: chunkings, failures, streaming, cancellation. */
class TwilioTtsStreamTest {

    static final String SID = "MZ0123456789abcdef0123456789abcdef";
    static final String TEXT = "Thanks for calling voxbridge. How can I help you today?";
    static final TwilioCodec CODEC = new TwilioCodec();

    private static List<String> all(MediaMessages messages) {
        List<String> out = new ArrayList<>();
        try (messages) {
            messages.forEachRemaining(out::add);
        }
        return out;
    }

    private static TwilioTtsStream stream(ScriptedEngine engine) {
        return TwilioTtsStream.builder(engine).streamSid(SID).build();
    }

    /** The mu-law payloads of media messages, concatenated. */
    static byte[] payloads(List<String> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String json : messages) {
            OutboundMessage.Media media = (OutboundMessage.Media) CODEC.parseOutbound(json);
            assertThat(media.streamSid()).isEqualTo(SID);
            assertThat(media.payload()).hasSize(FrameAssembler.FRAME_BYTES);
            out.writeBytes(media.payload());
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 22050, 24000, 44100, 48000, 8000})
    void anyChunkingGivesTheMessagesOfOneChunkBitForBit(int rate) {
        List<String> reference = all(stream(ScriptedEngine.s16le(rate, chunk -> Integer.MAX_VALUE)).generate(TEXT));
        Random random = new Random(rate);
        List<IntUnaryOperator> chunkings = List.of(
                chunk -> 1,                                      // one byte at a time: every sample split
                chunk -> 3,                                      // odd sizes
                chunk -> 2 * FrameAssembler.FRAME_BYTES * 3,     // exactly 20 ms at 24 kHz
                chunk -> 1 + random.nextInt(777));               // random splits, often inside a sample
        for (IntUnaryOperator chunking : chunkings) {
            assertThat(all(stream(ScriptedEngine.s16le(rate, chunking)).generate(TEXT))).isEqualTo(reference);
        }
    }

    @Test
    void theAudioIsTheResampledEncodedEnginePcmPaddedToWholeFrames() {
        ScriptedEngine engine = ScriptedEngine.s16le(24000, chunk -> 999);
        byte[] pcm = engine.pcmFor(TEXT);
        short[] samples = new short[pcm.length / 2];
        SampleEncoding.S16LE.decode(pcm, 0, samples, 0, samples.length);
        PolyphaseResampler r = PolyphaseResampler.create(24000, 8000, ResamplerQuality.TELEPHONY);
        float[] y = new float[r.outputSamplesFor(samples.length) + r.flushSamplesBound()];
        int n = r.process(samples, 0, samples.length, y, 0);
        n += r.flush(y, n);
        byte[] expected = new byte[(n + 159) / 160 * 160];
        java.util.Arrays.fill(expected, MuLaw.SILENCE);
        MuLaw.encode(y, 0, expected, 0, n);

        byte[] actual = payloads(all(stream(engine).generate(TEXT)));
        assertThat(actual).isEqualTo(expected);
        assertThat(n).isEqualTo((int) Math.ceil(samples.length / 3.0));
    }

    @Test
    void otherEngineFormatsAreDecodedToo() {
        for (SampleEncoding encoding : List.of(SampleEncoding.S16BE, SampleEncoding.F32LE, SampleEncoding.MULAW)) {
            int rate = encoding == SampleEncoding.MULAW ? 8000 : 16000;
            AudioFormatSpec format = new AudioFormatSpec(encoding, rate);
            ScriptedEngine whole = new ScriptedEngine(format, chunk -> Integer.MAX_VALUE, null, -1);
            ScriptedEngine bytes = new ScriptedEngine(format, chunk -> 1 + chunk % 5, null, -1);
            List<String> reference = all(stream(whole).generate(TEXT));
            assertThat(reference).as(encoding.id()).isNotEmpty();
            assertThat(all(stream(bytes).generate(TEXT))).as(encoding.id()).isEqualTo(reference);
        }
    }

    @Test
    void emptyOrBlankTextGivesNoMessageAndNoError() {
        ScriptedEngine engine = ScriptedEngine.s16le(24000, chunk -> 100);
        assertThat(all(stream(engine).generate(""))).isEmpty();
        assertThat(all(stream(engine).generate(" \n\t "))).isEmpty();
        assertThat(all(stream(engine).generateStreaming(List.of(" ", "", "\n").iterator()))).isEmpty();
    }

    @Test
    void aFailureMidUtteranceArrivesTypedAfterTheFramesAlreadyMade() {
        ScriptedEngine failing = new ScriptedEngine(new AudioFormatSpec(SampleEncoding.S16LE, 24000),
                chunk -> 960, null, 5);     // five chunks of 20 ms, then a failure
        List<String> received = new ArrayList<>();
        MediaMessages messages = stream(failing).generate(TEXT);
        assertThatThrownBy(() -> messages.forEachRemaining(received::add))
                .isInstanceOf(UncheckedTtsException.class)
                .satisfies(e -> {
                    UncheckedTtsException u = (UncheckedTtsException) e;
                    assertThat(u.kind()).isEqualTo(TtsException.Kind.UNAVAILABLE);
                    assertThat(u.getCause().engine()).isEqualTo("scripted");
                });
        // 100 ms of audio went in; the frames for it came out first (less the resampler's 3 ms still held back).
        assertThat(received).hasSizeBetween(4, 5);
        messages.close();
    }

    /** Liveness bound of the waits below, in milliseconds: how long a broken build hangs, never a check. */
    private static final long WAIT_MILLIS = 10_000;

    /**
     * An engine that delivers 20 ms of 24 kHz audio per chunk, each chunk only once {@code gate} gives a permit:
     * the test decides how far synthesis has got.
     */
    private static ScriptedEngine gated(Semaphore gate) {
        return new ScriptedEngine(new AudioFormatSpec(SampleEncoding.S16LE, 24000), chunk -> 960, gate, -1);
    }

    @Test
    void theFirstMessageArrivesLongBeforeSynthesisEnds() throws Exception {
        Semaphore gate = new Semaphore(0);
        ScriptedEngine engine = gated(gate);
        try (MediaMessages messages = stream(engine).generate(TEXT)) {
            // Two chunks, 40 ms: one whole frame even after the resampler's 3 ms delay, of the 165 TEXT takes.
            gate.release(2);
            assertThat(messages.hasNext()).isTrue();
            assertThat(engine.chunksDelivered.get()).as("chunks the engine has delivered").isLessThanOrEqualTo(2);
            assertThat(engine.callsRunning.get()).as("the engine is still synthesizing").isEqualTo(1);
            assertThat(messages.stats().firstMessageNanos()).isPositive();
        }
        engine.awaitIdle(WAIT_MILLIS);
    }

    @Test
    void closingCancelsASynthesisThatIsWaitingForTheEngine() throws Exception {
        Semaphore gate = new Semaphore(0);
        ScriptedEngine engine = gated(gate);
        MediaMessages messages = stream(engine).generate(TEXT);
        gate.release(2);
        messages.next();
        messages.close();
        gate.release(1000);     // a synthesis that went on after close would deliver these
        engine.awaitIdle(WAIT_MILLIS);
        assertThat(engine.sawCancel).as("the engine saw the cancellation").isTrue();
        assertThat(engine.chunksDelivered.get()).as("chunks: the two released before close").isEqualTo(2);
        assertThat(messages.hasNext()).isFalse();
    }

    @Test
    void closingCancelsARunningSynthesisWithinOneChunk() throws Exception {
        // Ungated: the engine runs until the 50-frame buffer is full, then waits for the consumer.
        ScriptedEngine engine = new ScriptedEngine(new AudioFormatSpec(SampleEncoding.S16LE, 24000), chunk -> 960,
                null, -1);
        MediaMessages messages = stream(engine).generate(TEXT);
        messages.next();
        messages.close();
        int chunksAtClose = engine.chunksDelivered.get();
        engine.awaitIdle(WAIT_MILLIS);
        assertThat(engine.chunksDelivered.get() - chunksAtClose).as("chunks delivered after close")
                .isLessThanOrEqualTo(1);
        int wholeText = engine.pcmFor(TEXT).length / 960;
        assertThat(engine.chunksDelivered.get()).as("chunks of the %d of the whole text", wholeText)
                .isLessThan(wholeText);
        assertThat(messages.hasNext()).isFalse();
    }

    @Test
    void tokensAreSpokenSegmentBySegmentInOrder() {
        ScriptedEngine engine = ScriptedEngine.s16le(24000, chunk -> 700);
        List<String> tokens = List.of("Hello", " there", ".", " How", " are", " you", " today", "?", " Fine.");
        // The aggregator's segments, spoken one after the other, framed as one stream.
        List<String> segments = new ArrayList<>();
        var aggregator = new io.github.voxbridge.tts.SentenceAggregator();
        tokens.forEach(t -> aggregator.accept(t, segments::add));
        aggregator.finish(segments::add);
        assertThat(segments).containsExactly("Hello there.", "How are you today?", "Fine.");

        byte[] streamed = payloads(all(stream(engine).generateStreaming(tokens.iterator())));
        // Each segment is resampled on its own (reset between engine calls) and the frames run on across them.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String segment : segments) {
            byte[] pcm = engine.pcmFor(segment);
            short[] s = new short[pcm.length / 2];
            SampleEncoding.S16LE.decode(pcm, 0, s, 0, s.length);
            var r = PolyphaseResampler.create(24000, 8000, ResamplerQuality.TELEPHONY);
            float[] y = new float[r.outputSamplesFor(s.length) + r.flushSamplesBound()];
            int n = r.process(s, 0, s.length, y, 0);
            n += r.flush(y, n);
            byte[] codes = new byte[n];
            MuLaw.encode(y, 0, codes, 0, n);
            expected.writeBytes(codes);
        }
        byte[] exp = expected.toByteArray();
        assertThat(streamed.length).isEqualTo((exp.length + 159) / 160 * 160);
        assertThat(java.util.Arrays.copyOf(streamed, exp.length)).isEqualTo(exp);
    }

    @Test
    void speechStartsBeforeTheTokenStreamEnds() throws Exception {
        BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
        String end = new String("end");
        Iterator<String> slowTokens = new Iterator<>() {
            String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = tokens.take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return next != end;
            }

            @Override
            public String next() {
                hasNext();
                String t = next;
                next = null;
                return t;
            }
        };
        ScriptedEngine engine = ScriptedEngine.s16le(24000, chunk -> 480);
        try (MediaMessages messages = stream(engine).generateStreaming(slowTokens)) {
            tokens.add("Good morning.");
            tokens.add(" And");
            assertThat(messages.hasNext()).as("audio of the first sentence while the LLM still writes").isTrue();
            tokens.add(" welcome.");
            tokens.add(end);
            int count = 0;
            while (messages.hasNext()) {
                messages.next();
                count++;
            }
            assertThat(count).isGreaterThan(30);
        }
    }

    /**
     * Demand is granted one item at a time, each only after the previous item was taken, so a publisher that ran
     * ahead of demand would deliver an item while nothing is outstanding: {@code onNext} checks that on every call.
     */
    @Test
    void thePublisherHonoursDemandAndDeliversEverything() throws Exception {
        ScriptedEngine engine = ScriptedEngine.s16le(24000, chunk -> 333);
        List<String> expected = all(stream(engine).generate(TEXT));
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        AtomicLong granted = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        List<String> beyondDemand = new java.util.concurrent.CopyOnWriteArrayList<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        stream(engine).publish(TEXT).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                granted.incrementAndGet();
                s.request(1);
            }

            @Override
            public void onNext(String item) {
                if (delivered.incrementAndGet() > granted.get()) {
                    beyondDemand.add("item " + delivered.get() + " with " + granted.get() + " requested");
                }
                signals.add(item);
            }

            @Override
            public void onError(Throwable t) {
                signals.add(t);
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        List<String> received = new ArrayList<>();
        while (true) {
            Object signal = signals.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(signal).as("a signal after %d items", received.size()).isNotNull();
            if ("complete".equals(signal)) {
                break;
            }
            assertThat(signal).isInstanceOf(String.class);
            received.add((String) signal);
            assertThat(beyondDemand).as("items delivered beyond demand").isEmpty();
            granted.incrementAndGet();
            subscription[0].request(1);
        }
        assertThat(beyondDemand).as("items delivered beyond demand").isEmpty();
        assertThat(received).isEqualTo(expected);
        assertThat(signals).as("nothing after onComplete").isEmpty();
    }

    @Test
    void thePublisherRejectsNonPositiveDemandAndStopsOnCancel() throws Exception {
        ScriptedEngine refused = gated(new Semaphore(0));
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        stream(refused).publish(TEXT).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(0);
            }

            @Override
            public void onNext(String item) {
                signals.add(item);
            }

            @Override
            public void onError(Throwable t) {
                signals.add(t);
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        assertThat(signals.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IllegalArgumentException.class);
        refused.awaitIdle(WAIT_MILLIS);

        Semaphore gate = new Semaphore(0);
        ScriptedEngine engine = gated(gate);
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        CountDownLatch first = new CountDownLatch(1);
        int[] runningAtFirst = {-1};
        stream(engine).publish(TEXT).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                if (first.getCount() > 0) {
                    runningAtFirst[0] = engine.callsRunning.get();
                }
                first.countDown();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        gate.release(2);
        assertThat(first.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(runningAtFirst[0]).as("the first message was published while the engine still synthesized")
                .isEqualTo(1);
        subscription[0].cancel();
        engine.awaitIdle(WAIT_MILLIS);
        assertThat(engine.sawCancel).as("cancel stopped the synthesis").isTrue();
        assertThat(engine.chunksDelivered.get()).isEqualTo(2);
    }

    @Test
    void aStreamSidIsRequired() {
        assertThatThrownBy(() -> TwilioTtsStream.builder(ScriptedEngine.s16le(8000, c -> 1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamSid is required");
    }
}
