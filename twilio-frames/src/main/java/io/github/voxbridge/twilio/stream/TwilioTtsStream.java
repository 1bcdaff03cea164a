package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.SentenceAggregator;
import io.github.voxbridge.tts.TtsEngine;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Text in, Twilio media messages out: what a voice agent holds for one call's outbound audio.
 *
 * {@snippet id="twilio-tts-stream-generate" :
 * TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(start.streamSid()).build();
 * try (MediaMessages messages = tts.generate("Thanks for calling. How can I help?")) {
 *     while (messages.hasNext()) {
 *         transport.send(messages.next());         // 20 ms of 8 kHz mu-law per message
 *     }
 * }
 * }
 * ({@code transport}: a {@link TextTransport}, the call's WebSocket.)
 *
 * <p>Each generation synthesizes on its own virtual thread and hands over every 20 ms frame as soon as the engine's
 * audio for it is through the pipeline, so the first message leaves long before synthesis ends:
 * <pre>
 *   engine format      on the way to the 160-byte frame, then the JSON
 *   mulaw, 8000 Hz     nothing: the engine's bytes are the payload bytes, exactly (pass-through)
 *   alaw, 8000 Hz      A-law to mu-law, one table look-up a byte, no resampling
 *   anything else      decode, resample to 8 kHz with the chosen preset, encode to mu-law
 * </pre>
 * The last frame of a generation is padded with mu-law silence ({@code 0xFF}) whatever the route.
 *
 * <p>Two styles: blocking iteration ({@link MediaMessages}, for code on virtual threads) and {@link Flow.Publisher}
 * with back-pressure ({@link #publish}, which Reactor, RxJava and Mutiny adapt directly). Closing or cancelling stops
 * synthesis within one frame.
 *
 * <p>Empty or whitespace-only text produces no message and no error. The engine's failures arrive as
 * {@link io.github.voxbridge.tts.UncheckedTtsException} after the messages made before them. Thread-safe: any number
 * of generations may run at once (each has its own pipeline; the engine decides how it shares its voices).
 */
public final class TwilioTtsStream {

    /** Frames buffered between synthesis and the consumer by default: one second. */
    public static final int DEFAULT_BUFFER_FRAMES = 50;

    /** How a stream is configured. */
    record Settings(String streamSid, ResamplerQuality quality, int bufferFrames,
                    Supplier<SentenceAggregator> aggregators) {
    }

    private final TtsEngine engine;
    private final Settings settings;

    private TwilioTtsStream(TtsEngine engine, Settings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** Starts configuring a stream that speaks with {@code engine}. */
    public static Builder builder(TtsEngine engine) {
        return new Builder(engine);
    }

    /** The media messages of one utterance, in order, produced as synthesis goes. Close it when done. */
    public MediaMessages generate(String text) {
        Objects.requireNonNull(text, "text");
        boolean[] taken = {false};
        return new Generation(engine, () -> {
            if (taken[0]) {
                return null;
            }
            taken[0] = true;
            return text;
        }, settings).start();
    }

    /**
     * The media messages of a stream of LLM tokens: a {@link SentenceAggregator} cuts them into speakable segments,
     * each synthesized as soon as it is complete; synthesis of a segment overlaps the delivery of the previous
     * ones, and the audio keeps the order of the text. {@code tokens} is read on the synthesis thread and may block
     * while the LLM is thinking.
     */
    public MediaMessages generateStreaming(Iterator<? extends CharSequence> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        SentenceAggregator aggregator = settings.aggregators().get();
        ArrayDeque<String> ready = new ArrayDeque<>();
        boolean[] finished = {false};
        return new Generation(engine, () -> {
            while (ready.isEmpty()) {
                if (finished[0]) {
                    return null;
                }
                if (tokens.hasNext()) {
                    aggregator.accept(tokens.next(), ready::add);
                } else {
                    aggregator.finish(ready::add);
                    finished[0] = true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("token stream cancelled");
                }
            }
            return ready.poll();
        }, settings).start();
    }

    /** {@link #generate} as a cold publisher: each subscriber gets its own generation. */
    public Flow.Publisher<String> publish(String text) {
        Objects.requireNonNull(text, "text");
        return new MediaPublisher(() -> generate(text));
    }

    /**
     * {@link #generateStreaming} as a publisher. The token iterator can be consumed only once, so only one
     * subscriber gets the messages; a second one is refused with {@link IllegalStateException}.
     */
    public Flow.Publisher<String> publishStreaming(Iterator<? extends CharSequence> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        boolean[] used = {false};
        return new MediaPublisher(() -> {
            synchronized (used) {
                if (used[0]) {
                    throw new IllegalStateException("this token stream was already subscribed to");
                }
                used[0] = true;
            }
            return generateStreaming(tokens);
        });
    }

    /** Configures a {@link TwilioTtsStream}. */
    public static final class Builder {
        private final TtsEngine engine;
        private String streamSid;
        private ResamplerQuality quality = ResamplerQuality.TELEPHONY;
        private int bufferFrames = DEFAULT_BUFFER_FRAMES;
        private Supplier<SentenceAggregator> aggregators = SentenceAggregator::new;

        private Builder(TtsEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The call's stream, from Twilio's {@code start} message. Required. */
        public Builder streamSid(String sid) {
            this.streamSid = sid;
            return this;
        }

        /**
         * The resampling preset from the engine's rate to 8 kHz; default {@link ResamplerQuality#TELEPHONY}. Unused
         * for engines that deliver 8 kHz mu-law or A-law, which are not resampled.
         */
        public Builder quality(ResamplerQuality q) {
            this.quality = Objects.requireNonNull(q, "quality");
            return this;
        }

        /**
         * Frames (20 ms each) buffered ahead of the consumer before synthesis pauses; default 50 (one second). Each
         * generation holds them in one array of {@code 160 * frames} bytes (8,000 bytes by default), allocated when
         * it starts and reused for every frame; at most 13,421,772 frames (about 74 hours), what one array holds.
         */
        public Builder bufferFrames(int frames) {
            if (frames < 1) {
                throw new IllegalArgumentException("bufferFrames must be at least 1, was " + frames);
            }
            if (frames > MediaMessages.MAX_BUFFER_FRAMES) {
                throw new IllegalArgumentException("bufferFrames must be at most " + MediaMessages.MAX_BUFFER_FRAMES
                        + " (160 bytes each in one array), was " + frames);
            }
            this.bufferFrames = frames;
            return this;
        }

        /**
         * Makes the aggregator that cuts each token stream into segments (one per generation, as they keep state);
         * default {@code SentenceAggregator::new}, e.g. {@code () -> SentenceAggregator.builder().clauseChars(40).build()}.
         */
        public Builder aggregators(Supplier<SentenceAggregator> factory) {
            this.aggregators = Objects.requireNonNull(factory, "aggregators");
            return this;
        }

        /** A builder with the same settings, independent of this one. */
        Builder copy() {
            Builder copy = new Builder(engine);
            copy.streamSid = streamSid;
            copy.quality = quality;
            copy.bufferFrames = bufferFrames;
            copy.aggregators = aggregators;
            return copy;
        }

        /**
         * The stream.
         *
         * @throws IllegalArgumentException if no streamSid was given (media sent before {@code start} has nowhere to
         *                                  go)
         */
        public TwilioTtsStream build() {
            if (streamSid == null || streamSid.isEmpty()) {
                throw new IllegalArgumentException("a streamSid is required: take it from Twilio's start message");
            }
            return new TwilioTtsStream(engine, new Settings(streamSid, quality, bufferFrames, aggregators));
        }
    }
}
