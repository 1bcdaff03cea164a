package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import java.util.Objects;

/**
 * Engine audio in, Twilio media frames out, for one generation. Twilio's wire is 8 kHz mu-law, so what the pipeline
 * does depends on the engine's format:
 *
 * <pre>
 *   mu-law 8000 Hz ─────────────────────── as they are ───────────────────────────┐
 *   A-law  8000 Hz ─────────── ALawToMuLaw (256-entry table, 1 byte ─► 1 byte) ───┤
 *   anything else ─► PcmStreamDecoder ─► TelephonyEncoder (resample + mu-law) ────┴─► FrameAssembler ─► payload
 *   (any size,        (s16le/s16be/f32le/…,    (state kept through one             (160 bytes,         (or its media
 *    odd bytes ok)     partial samples kept)    engine utterance, reset after)       last one padded     JSON, prefixed
 *                                                                                   with 0xFF)          with the sid)
 * </pre>
 *
 * <p>Pass-through: an engine that already speaks 8 kHz mu-law (the Deepgram, Azure, Google and Polly adapters ask for
 * it) has its bytes framed exactly as delivered: no decode and re-encode, which would turn every
 * {@code 0x7F} (mu-law's negative zero) into {@code 0xFF} and cost CPU for nothing. 8 kHz A-law needs only a code
 * conversion, no resampling. Frames are written as soon as they are complete, in every route.
 *
 * <p>Each engine call (a whole text, or one segment of a token stream) is one {@link #sink()} session: the decoder
 * and the resampler, when the segment needs them, are flushed and reset when it ends, never inside it. The format
 * may change from one segment to the next. Frames run on across segments so that only the very end of the
 * generation is padded. Scratch buffers grow to the largest chunk seen and are then reused (the A-law route uses a
 * fixed one): steady state allocates nothing when the frames go out as payloads ({@link PayloadSink}, what a
 * generation does), only the message strings when they go out as messages ({@link MessageSink}). Not thread-safe:
 * used by the one thread that runs the engine.
 */
final class SpeechPipeline {

    /** Receives each media message, in order; may block (back-pressure reaches the engine). */
    @FunctionalInterface
    interface MessageSink {
        void message(String json) throws InterruptedException;
    }

    /**
     * Receives each 20 ms frame, in order; may block (back-pressure reaches the engine). {@code frame} is the
     * assembler's reused buffer of {@value FrameAssembler#FRAME_BYTES} bytes: copy it before returning.
     */
    @FunctionalInterface
    interface PayloadSink {
        void payload(byte[] frame) throws InterruptedException;
    }

    /** How a segment's bytes become mu-law at 8000 Hz. */
    private enum Route {
        /** 8 kHz mu-law: the engine's bytes are the wire's bytes. */
        PASS_THROUGH,
        /** 8 kHz A-law: one table look-up a byte. */
        A_LAW_TABLE,
        /** Any other format: decode, resample to 8 kHz, encode. */
        TRANSCODE
    }

    private final ResamplerQuality quality;
    private final PayloadSink out;
    private final FrameAssembler frames;

    private AudioFormatSpec format;
    private Route route;
    /** The decoder and encoder of the {@link Route#TRANSCODE} route; {@code null} on the others. */
    private PcmStreamDecoder decoder;
    private TelephonyEncoder encoder;
    private short[] samples = new short[0];
    private byte[] codes = new byte[0];
    /** The A-law route's output, one frame at a time: fixed, whatever the engine's chunk size. */
    private final byte[] converted = new byte[FrameAssembler.FRAME_BYTES];
    private long audioBytes;
    private long messages;
    /** An interrupt seen inside the frame sink, which cannot throw it: rethrown by the caller of the engine. */
    private InterruptedException interrupted;

    /** A pipeline handing each frame to {@code out} as its media message for {@code streamSid}. */
    SpeechPipeline(ResamplerQuality quality, String streamSid, MessageSink out) {
        this(quality, asMessages(new OutboundMessageWriter(streamSid), out));
    }

    /** A pipeline handing each frame's payload to {@code out}: what a generation uses, no allocation per frame. */
    SpeechPipeline(ResamplerQuality quality, PayloadSink out) {
        this.quality = quality;
        this.out = out;
        // Eager: a media stream does not need to know which frame is last, so no frame waits for the next chunk.
        this.frames = new FrameAssembler(this::frame, true);
    }

    private static PayloadSink asMessages(OutboundMessageWriter writer, MessageSink out) {
        return frame -> out.message(writer.mediaMessage(frame, 0, FrameAssembler.FRAME_BYTES));
    }

    /** The sink to pass to the engine for one engine call. Call {@link #endSegment()} after the call returns. */
    AudioSink sink() {
        return new AudioSink() {
            @Override
            public void format(AudioFormatSpec spec) {
                begin(spec);
            }

            @Override
            public void audio(byte[] chunk, int off, int len) {
                write(chunk, off, len);
            }
        };
    }

    private void begin(AudioFormatSpec spec) {
        if (!spec.equals(format)) {
            format = spec;
            route = routeFor(spec);
            if (route == Route.TRANSCODE) {
                decoder = new PcmStreamDecoder(spec.encoding());
                encoder = TelephonyEncoder.muLaw(spec.sampleRate(), quality);
            } else {
                decoder = null;
                encoder = null;
            }
        }
    }

    private static Route routeFor(AudioFormatSpec spec) {
        if (spec.sampleRate() != TelephonyEncoder.RATE) {
            return Route.TRANSCODE;
        }
        return switch (spec.encoding()) {
            case MULAW -> Route.PASS_THROUGH;
            case ALAW -> Route.A_LAW_TABLE;
            default -> Route.TRANSCODE;
        };
    }

    private void write(byte[] chunk, int off, int len) {
        if (format == null) {
            throw new IllegalStateException("the engine sent audio before its format");
        }
        audioBytes += len;
        switch (route) {
            case PASS_THROUGH -> frames.write(chunk, off, len);
            case A_LAW_TABLE -> convertALaw(chunk, off, len);
            case TRANSCODE -> transcode(chunk, off, len);
        }
        rethrowInterrupt();
    }

    private void convertALaw(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        for (int done = 0; done < len && interrupted == null; ) {
            int n = Math.min(converted.length, len - done);
            ALawToMuLaw.convert(chunk, off + done, converted, 0, n);
            frames.write(converted, 0, n);
            done += n;
        }
    }

    private void transcode(byte[] chunk, int off, int len) {
        int count = decoder.samplesFor(len);
        if (samples.length < count) {
            samples = new short[count];
        }
        int decoded = decoder.decode(chunk, off, len, samples, 0);
        int bytes = encoder.outputBytesFor(decoded);
        if (codes.length < Math.max(bytes, encoder.flushBytes() + 1)) {
            codes = new byte[Math.max(bytes, encoder.resampler().flushSamplesBound()) + 64];
        }
        int encoded = encoder.encode(samples, 0, decoded, codes, 0);
        frames.write(codes, 0, encoded);
    }

    /**
     * Ends one engine call: a partial sample left by the engine is an error; the resampler's tail is framed and
     * the resampler reset for the next call. Nothing to do for 8 kHz G.711, which has neither (one byte a sample,
     * no resampler). Frames are not padded here (see {@link #finish()}).
     *
     * @throws io.github.voxbridge.dsp.pcm.PcmFormatException if the engine's audio ended inside a sample
     */
    void endSegment() throws InterruptedException {
        if (decoder == null) {
            return;
        }
        try {
            decoder.finish();
        } finally {
            decoder.reset();
            int tail = encoder.flushBytes();
            if (codes.length < tail) {
                codes = new byte[tail];
            }
            frames.write(codes, 0, encoder.flush(codes, 0));
            encoder.reset();
        }
        rethrowInterruptChecked();
    }

    /** Ends the generation: the last frame, padded with mu-law silence. */
    void finish() throws InterruptedException {
        frames.endUtterance();
        rethrowInterruptChecked();
    }

    /** Engine bytes received so far, in the engine's formats. */
    long audioBytes() {
        return audioBytes;
    }

    /** Media messages produced so far. */
    long messages() {
        return messages;
    }

    /** The engine's format, once announced. */
    AudioFormatSpec format() {
        return format;
    }

    private void frame(byte[] frame, int audio, boolean last) {
        if (interrupted != null) {
            return;
        }
        try {
            messages++;
            out.payload(frame);
        } catch (InterruptedException e) {
            interrupted = e;
        }
    }

    /** From inside the engine's sink: an unchecked signal that ends the engine call (it rethrows it unchanged). */
    private void rethrowInterrupt() {
        if (interrupted != null) {
            throw new Cancelled(interrupted);
        }
    }

    private void rethrowInterruptChecked() throws InterruptedException {
        if (interrupted != null) {
            throw interrupted;
        }
    }

    /** Thrown through the engine when the consumer went away; engines rethrow sink exceptions unchanged. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(InterruptedException cause) {
            super("the consumer of the media messages was closed", cause, false, false);
        }
    }
}
