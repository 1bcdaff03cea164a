package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.PcmFormatException;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The pipeline driven the way an engine drives it: {@code format}, chunks of any size, then the end of the engine
 * call ({@code endSegment}) and of the generation ({@code finish}). Expected bytes come from a {@link TelephonyEncoder}
 * fed the whole signal at once, so what is checked is the pipeline's own job: decoding pieces, flushing and framing.
 */
class SpeechPipelineTest {

    private static final String SID = "MZ00000000000000000000000000000001";
    private static final AudioFormatSpec S16LE_8K = new AudioFormatSpec(SampleEncoding.S16LE, 8000);
    private static final AudioFormatSpec S16LE_16K = new AudioFormatSpec(SampleEncoding.S16LE, 16_000);

    /** Collects the media payloads in order; can be told to fail from its n-th message on, as a closed consumer. */
    private static final class Consumer implements SpeechPipeline.MessageSink {
        final TwilioCodec codec = new TwilioCodec();
        final ByteArrayOutputStream payloads = new ByteArrayOutputStream();
        final InterruptedException closed = new InterruptedException("consumer closed");
        final int failFrom;
        int calls;

        Consumer(int failFrom) {
            this.failFrom = failFrom;
        }

        Consumer() {
            this(Integer.MAX_VALUE);
        }

        @Override
        public void message(String json) throws InterruptedException {
            calls++;
            if (calls >= failFrom) {
                throw closed;
            }
            OutboundMessage.Media media = (OutboundMessage.Media) codec.parseOutbound(json);
            assertThat(media.streamSid()).isEqualTo(SID);
            assertThat(media.payload()).as("payload of message %d", calls).hasSize(FrameAssembler.FRAME_BYTES);
            payloads.writeBytes(media.payload());
        }

        byte[] bytes() {
            return payloads.toByteArray();
        }
    }

    /** A ramp that uses most of the 16-bit range, so that a byte slip shows. */
    private static short[] signal(int n, int seed) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) ((i * 977 + seed * 131) % 50_000 - 25_000);
        }
        return s;
    }

    private static byte[] s16le(short[] samples) {
        byte[] b = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    /** What one engine call of {@code samples} at {@code rate} must become: all its mu-law bytes, tail included. */
    private static byte[] encoded(int rate, ResamplerQuality quality, short[] samples) {
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(rate, quality);
        byte[] out = new byte[encoder.maxOutputBytesFor(samples.length) + encoder.flushBytesBound()];
        int n = encoder.encode(samples, 0, samples.length, out, 0);
        n += encoder.flush(out, n);
        return Arrays.copyOf(out, n);
    }

    /** {@code audio} followed by mu-law silence up to whole frames. */
    private static byte[] padded(byte[] audio) {
        int frames = (audio.length + FrameAssembler.FRAME_BYTES - 1) / FrameAssembler.FRAME_BYTES;
        byte[] out = Arrays.copyOf(audio, frames * FrameAssembler.FRAME_BYTES);
        Arrays.fill(out, audio.length, out.length, MuLaw.SILENCE);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Feeds {@code bytes} in pieces of {@code piece} bytes (the last one shorter). */
    private static void feed(AudioSink sink, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            sink.audio(bytes, at, Math.min(piece, bytes.length - at));
        }
    }

    @Test
    void chunksSplittingSamplesBecomeWholeFramesAndTheCountersSayHowMuch() throws InterruptedException {
        Consumer consumer = new Consumer();
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, consumer);
        assertThat(pipeline.format()).as("before the engine announced it").isNull();
        short[] samples = signal(400, 1);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_8K);
        feed(sink, s16le(samples), 3);

        assertThat(pipeline.format()).isEqualTo(S16LE_8K);
        assertThat(pipeline.audioBytes()).isEqualTo(800);
        assertThat(pipeline.messages()).as("the two complete frames go at once").isEqualTo(2);
        pipeline.endSegment();
        assertThat(pipeline.messages()).as("a segment's end does not pad").isEqualTo(2);
        pipeline.finish();
        assertThat(pipeline.messages()).isEqualTo(3);
        assertThat(consumer.calls).isEqualTo(3);
        assertThat(consumer.bytes()).isEqualTo(padded(encoded(8000, ResamplerQuality.TELEPHONY, samples)));
    }

    @Test
    void aSegmentEndingInsideASampleIsRefusedAndTheNextSegmentStartsClean() throws InterruptedException {
        short[] first = signal(100, 2);
        short[] second = signal(300, 3);
        Consumer consumer = new Consumer();
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, consumer);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_8K);
        feed(sink, concat(s16le(first), new byte[] {0x55}), 7);
        assertThatThrownBy(pipeline::endSegment).isInstanceOf(PcmFormatException.class)
                .hasMessage("odd byte count 201 at end of stream: 1 dangling byte (s16le, 2 bytes per sample)");

        sink = pipeline.sink();
        sink.format(S16LE_8K);
        feed(sink, s16le(second), 7);
        pipeline.endSegment();

        sink = pipeline.sink();
        sink.format(S16LE_8K);
        feed(sink, new byte[3], 3);
        assertThatThrownBy(pipeline::endSegment).as("the count is of this segment's bytes")
                .isInstanceOf(PcmFormatException.class).hasMessageStartingWith("odd byte count 3 at end of stream");
        pipeline.finish();

        assertThat(pipeline.audioBytes()).isEqualTo(201 + 600 + 3);
        byte[] expected = concat(concat(encoded(8000, ResamplerQuality.TELEPHONY, first),
                encoded(8000, ResamplerQuality.TELEPHONY, second)), new byte[] {MuLaw.encode((short) 0)});
        assertThat(consumer.bytes()).as("the dangling byte dropped, nothing shifted").isEqualTo(padded(expected));
        assertThat(pipeline.messages()).isEqualTo(3);
    }

    /**
     * The second segment's format holds back more output (70 bytes, the VHQ filter's delay at 16 kHz) than the scratch
     * buffer sized for the first, 8 kHz, segment can take: the end of the segment must make room for the tail.
     */
    @Test
    void aFormatChangeBetweenSegmentsFlushesTheNewResamplersWholeTail() throws InterruptedException {
        short[] first = signal(1, 4);
        short[] second = signal(200, 5);
        Consumer consumer = new Consumer();
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.VHQ, SID, consumer);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_8K);
        sink.audio(s16le(first), 0, 2);
        pipeline.endSegment();

        sink = pipeline.sink();
        sink.format(S16LE_16K);
        sink.audio(s16le(second), 0, 400);
        pipeline.endSegment();
        pipeline.finish();

        assertThat(pipeline.format()).isEqualTo(S16LE_16K);
        assertThat(consumer.bytes()).isEqualTo(padded(concat(encoded(8000, ResamplerQuality.VHQ, first),
                encoded(16_000, ResamplerQuality.VHQ, second))));
        assertThat(pipeline.messages()).isEqualTo(1);
    }

    @Test
    void audioBeforeTheFormatIsRefused() {
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, new Consumer());
        assertThatThrownBy(() -> pipeline.sink().audio(new byte[2], 0, 2))
                .isInstanceOf(IllegalStateException.class).hasMessage("the engine sent audio before its format");
    }

    @Test
    void aClosedConsumerEndsTheEngineCallAndNothingMoreIsSent() {
        Consumer consumer = new Consumer(2);
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, consumer);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_8K);
        byte[] fiveFrames = s16le(signal(5 * FrameAssembler.FRAME_BYTES, 6));

        assertThatThrownBy(() -> sink.audio(fiveFrames, 0, fiveFrames.length))
                .isInstanceOf(SpeechPipeline.Cancelled.class).hasCauseReference(consumer.closed);
        assertThat(consumer.calls).as("no message after the one that found the consumer closed").isEqualTo(2);
        assertThatThrownBy(pipeline::endSegment).as("the caller of the engine gets the interrupt")
                .isSameAs(consumer.closed);
        assertThat(consumer.calls).isEqualTo(2);
    }

    @Test
    void aConsumerClosedWhenTheResamplerTailCompletesAFrameFailsTheSegmentEnd() {
        Consumer consumer = new Consumer(1);
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, consumer);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_16K);
        // 330 samples at 16 kHz are 165 bytes at 8 kHz; the filter's delay holds back about 24 of them until the end.
        byte[] audio = s16le(signal(330, 7));
        sink.audio(audio, 0, audio.length);
        assertThat(consumer.calls).as("no complete frame before the tail").isZero();

        assertThatThrownBy(pipeline::endSegment).isSameAs(consumer.closed);
        assertThat(consumer.calls).isEqualTo(1);
    }

    @Test
    void aConsumerClosedOnThePaddedLastFrameFailsTheFinish() throws InterruptedException {
        Consumer consumer = new Consumer(1);
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, consumer);
        AudioSink sink = pipeline.sink();
        sink.format(S16LE_8K);
        byte[] audio = s16le(signal(100, 8));
        sink.audio(audio, 0, audio.length);
        pipeline.endSegment();
        assertThat(consumer.calls).isZero();

        assertThatThrownBy(pipeline::finish).isSameAs(consumer.closed);
        assertThat(consumer.calls).isEqualTo(1);
    }
}
