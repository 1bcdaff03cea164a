package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's pass-through: an engine that delivers 8 kHz mu-law has exactly its bytes in the media payloads (no
 * decode and re-encode, which turns mu-law's negative zero {@code 0x7F} into {@code 0xFF}); 8 kHz A-law is converted
 * code by code. The engine is the real {@link PrerecordedEngine} reading raw G.711 files, cut into chunks of odd sizes.
 */
class PassThroughTest {

    private static final String SID = "MZ0123456789abcdef0123456789abcdef";
    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final AudioFormatSpec MULAW_8K = new AudioFormatSpec(SampleEncoding.MULAW, 8000);
    private static final AudioFormatSpec ALAW_8K = new AudioFormatSpec(SampleEncoding.ALAW, 8000);
    private static final AudioFormatSpec S16LE_24K = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);

    @TempDir
    Path dir;

    /**
     * {@code n} G.711 codes going through all 256 values in a scrambled order (37 is odd, so every value comes once in
     * each run of 256), starting at {@code 0x7F}; {@code n} is chosen by the tests not to be a multiple of 160.
     */
    private static byte[] allCodes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0x7F + 37 * i);
        }
        return b;
    }

    /** The payloads of media messages, concatenated; each message checked to be a 160-byte media of our stream. */
    private static byte[] payloads(List<String> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String json : messages) {
            OutboundMessage.Media media = (OutboundMessage.Media) CODEC.parseOutbound(json);
            assertThat(media.streamSid()).isEqualTo(SID);
            assertThat(media.payload()).hasSize(FrameAssembler.FRAME_BYTES);
            out.writeBytes(media.payload());
        }
        return out.toByteArray();
    }

    /** {@code audio} followed by mu-law silence ({@code 0xFF}) up to whole frames, as the last frame is padded. */
    private static byte[] padded(byte[] audio) {
        int frames = (audio.length + FrameAssembler.FRAME_BYTES - 1) / FrameAssembler.FRAME_BYTES;
        byte[] out = Arrays.copyOf(audio, frames * FrameAssembler.FRAME_BYTES);
        Arrays.fill(out, audio.length, out.length, MuLaw.SILENCE);
        return out;
    }

    private PrerecordedEngine engine(String text, byte[] bytes, AudioFormatSpec format, int chunkBytes)
            throws IOException, TtsException {
        Path file = Files.write(dir.resolve(text + "." + format.encoding().id()), bytes);
        return PrerecordedEngine.builder().raw(text, file, format).chunkBytes(chunkBytes).build();
    }

    private record Generated(byte[] payloads, GenerationStats stats) {
    }

    private static Generated generate(PrerecordedEngine engine, String text) {
        List<String> messages = new ArrayList<>();
        GenerationStats stats;
        try (MediaMessages m = TwilioTtsStream.builder(engine).streamSid(SID).build().generate(text)) {
            m.forEachRemaining(messages::add);
            stats = m.stats();
        }
        return new Generated(payloads(messages), stats);
    }

    @Test
    void muLawAtAnotherRateIsResampledNotPassedThrough() throws Exception {
        // One second of 16 kHz mu-law is 8,000 samples at 8 kHz: 50 frames. Framed as it is, it would be 100.
        byte[] engineBytes = allCodes(16_000);
        Generated g = generate(engine("wide", engineBytes, new AudioFormatSpec(SampleEncoding.MULAW, 16_000), 999),
                "wide");
        assertThat(g.stats().messages()).isEqualTo(50);
        assertThat(g.stats().engineSeconds()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 159, 160, 161, 3000})
    void muLaw8000IsFramedExactlyAsTheEngineDeliveredItForAll256Codes(int chunkBytes) throws Exception {
        byte[] engineBytes = allCodes(8 * 256 + 37);
        assertThat(engineBytes).contains((byte) 0x7F, (byte) 0xFF, (byte) 0x00, (byte) 0x80);
        Generated g = generate(engine("welcome", engineBytes, MULAW_8K, chunkBytes), "welcome");

        assertThat(Arrays.copyOf(g.payloads(), engineBytes.length)).as("the engine's bytes, in order, unchanged")
                .isEqualTo(engineBytes);
        assertThat(g.payloads()).as("the last frame padded with 0xFF as on the transcoding route")
                .isEqualTo(padded(engineBytes));
        assertThat(g.stats().messages()).isEqualTo(14);
        assertThat(g.stats().engineAudioBytes()).isEqualTo(engineBytes.length);
        assertThat(g.stats().engineSeconds()).isEqualTo(engineBytes.length / 8000.0);
        assertThat(g.stats().audioSeconds()).isEqualTo(14 * 0.020);
    }

    @Test
    void aRecordingOfWholeFramesGetsNoPaddingFrame() throws Exception {
        byte[] engineBytes = allCodes(5 * FrameAssembler.FRAME_BYTES);
        Generated g = generate(engine("two", engineBytes, MULAW_8K, 333), "two");
        assertThat(g.payloads()).isEqualTo(engineBytes);
        assertThat(g.stats().messages()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 159, 161, 3000})
    void aLaw8000IsConvertedCodeByCodeWithoutResampling(int chunkBytes) throws Exception {
        byte[] engineBytes = allCodes(4 * 256 + 3);
        Generated g = generate(engine("hola", engineBytes, ALAW_8K, chunkBytes), "hola");

        byte[] expected = new byte[engineBytes.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = MuLaw.encode(ALaw.decode(engineBytes[i]));
        }
        assertThat(g.payloads()).isEqualTo(padded(expected));
        // The same bytes as decoding and going through the (pass-through) 8 kHz resampler, the route A-law took before.
        short[] pcm = new short[engineBytes.length];
        ALaw.decode(engineBytes, 0, pcm, 0, pcm.length);
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(8000);
        byte[] viaEncoder = new byte[pcm.length];
        assertThat(encoder.encode(pcm, 0, pcm.length, viaEncoder, 0)).isEqualTo(pcm.length);
        assertThat(encoder.flushBytes()).isZero();
        assertThat(viaEncoder).isEqualTo(expected);
        assertThat(g.stats().engineAudioBytes()).isEqualTo(engineBytes.length);
        assertThat(g.stats().messages()).isEqualTo(7);
    }

    @Test
    void theALawTableCoversEveryCodeAndSilenceMapsToSilence() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] out = new byte[256];
        ALawToMuLaw.convert(all, 0, out, 0, 256);
        for (int i = 0; i < 256; i++) {
            assertThat(out[i]).as("A-law 0x%02X", i).isEqualTo(MuLaw.encode(ALaw.decode((byte) i)))
                    .isEqualTo(ALawToMuLaw.convert((byte) i));
        }
        assertThat(ALawToMuLaw.convert(ALaw.SILENCE)).as("A-law 0xD5 decodes to +8, mu-law's 0xFE")
                .isEqualTo(MuLaw.encode((short) 8));
    }

    /** A 24 kHz ramp that uses most of the 16-bit range, as little-endian bytes. */
    private static byte[] s16leRamp(int n, int seed) {
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            short s = (short) ((i * 977 + seed * 131) % 50_000 - 25_000);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    /** What an engine call of s16le {@code bytes} at {@code rate} becomes on the transcoding route, tail included. */
    private static byte[] transcoded(int rate, byte[] bytes) {
        short[] pcm = new short[bytes.length / 2];
        SampleEncoding.S16LE.decode(bytes, 0, pcm, 0, pcm.length);
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(rate, ResamplerQuality.TELEPHONY);
        byte[] out = new byte[encoder.maxOutputBytesFor(pcm.length) + encoder.flushBytesBound()];
        int n = encoder.encode(pcm, 0, pcm.length, out, 0);
        n += encoder.flush(out, n);
        return Arrays.copyOf(out, n);
    }

    /**
     * Segments in turn 24 kHz s16le, 8 kHz mu-law, 24 kHz s16le, 8 kHz mu-law, driven by the engine as a generation
     * drives them: the resampler's tail of a 24 kHz segment comes before the mu-law that follows it, the mu-law is
     * untouched, and the next 24 kHz segment starts from a fresh resampler.
     */
    @Test
    void muLawSegmentsBetweenResampledSegmentsKeepTheirBytesAndTheOrder() throws Exception {
        byte[] first = s16leRamp(24_000 / 10 + 7, 1);  // 100 ms and a bit
        byte[] second = allCodes(3 * 256 + 1);
        byte[] third = s16leRamp(24_000 / 20 + 3, 2);
        byte[] fourth = allCodes(161);
        PrerecordedEngine engine = PrerecordedEngine.builder()
                .raw("first", Files.write(dir.resolve("first.raw"), first), S16LE_24K)
                .raw("second", Files.write(dir.resolve("second.raw"), second), MULAW_8K)
                .raw("third", Files.write(dir.resolve("third.raw"), third), S16LE_24K)
                .raw("fourth", Files.write(dir.resolve("fourth.raw"), fourth), MULAW_8K)
                .chunkBytes(161)
                .build();
        List<String> messages = new ArrayList<>();
        SpeechPipeline pipeline = new SpeechPipeline(ResamplerQuality.TELEPHONY, SID, messages::add);
        for (String text : List.of("first", "second", "third", "fourth")) {
            engine.synthesize(text, pipeline.sink(), new CancellationToken());
            pipeline.endSegment();
        }
        pipeline.finish();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(transcoded(24_000, first));
        expected.writeBytes(second);
        expected.writeBytes(transcoded(24_000, third));
        expected.writeBytes(fourth);
        byte[] all = padded(expected.toByteArray());
        assertThat(payloads(messages)).isEqualTo(all);
        assertThat(pipeline.messages()).isEqualTo(all.length / FrameAssembler.FRAME_BYTES);
        assertThat(pipeline.audioBytes()).isEqualTo(first.length + second.length + third.length + fourth.length);
        assertThat(pipeline.format()).isEqualTo(MULAW_8K);
    }
}
