package io.github.voxbridge.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The header is found however the stream is cut, the PCM after it passes through byte for byte. */
class StreamedWavHeaderTest {

    /** A WAV header as a writer to a pipe makes it: placeholder sizes, optional extra chunk before data. */
    private static byte[] header(int tag, int channels, int rate, int bits, byte[] extraChunk, long dataSize) {
        ByteBuffer b = ByteBuffer.allocate(44 + extraChunk.length).order(ByteOrder.LITTLE_ENDIAN);
        int frame = channels * bits / 8;
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(0x7ffff024).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * frame).putShort((short) frame).putShort((short) bits);
        b.put(extraChunk);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataSize);
        return b.array();
    }

    /** espeak-ng 1.51's header on --stdout (checked with od: sizes 0x7ffff024 and 0x7ffff000). */
    private static final byte[] ESPEAK = header(1, 1, 22050, 16, new byte[0], 0x7ffff000L);

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static RecordingSink feed(byte[] stream, int... cuts) throws TtsException {
        RecordingSink sink = new RecordingSink();
        StreamedWavHeader wav = new StreamedWavHeader("espeak", sink);
        int at = 0;
        for (int cut : cuts) {
            wav.accept(stream, at, cut - at);
            at = cut;
        }
        if (at < stream.length) {
            wav.accept(stream, at, stream.length - at);
        }
        wav.finish();
        assertThat(wav.audioBytes()).isEqualTo(sink.bytes().length);
        return sink;
    }

    @Test
    void everyCuttingOfTheStreamGivesTheSameFormatAndBytes() throws Exception {
        byte[] pcm = new byte[1001]; // odd on purpose: the header parser passes bytes on, it does not decode
        new Random(7).nextBytes(pcm);
        byte[] stream = concat(ESPEAK, pcm);
        for (int cut = 1; cut < stream.length; cut++) {
            RecordingSink sink = feed(stream, cut);
            assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 22050));
            assertThat(sink.bytes()).as("cut at %d", cut).isEqualTo(pcm);
        }
        int[] everyByte = new int[stream.length - 1];
        Arrays.setAll(everyByte, i -> i + 1);
        assertThat(feed(stream, everyByte).bytes()).isEqualTo(pcm);
        assertThat(feed(stream).chunks()).isEqualTo(1);
    }

    @Test
    void theRateAndEncodingComeFromTheHeaderNotAnAssumption() throws Exception {
        byte[] list = concat("LIST".getBytes(StandardCharsets.US_ASCII), new byte[] {3, 0, 0, 0, 'a', 'b', 'c', 0});
        RecordingSink mbrola = feed(concat(header(1, 1, 16000, 16, list, 0x7ffff000L), new byte[] {1, 2, 3, 4}), 30, 47);
        assertThat(mbrola.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 16000));
        assertThat(mbrola.bytes()).containsExactly(1, 2, 3, 4);
        RecordingSink mulaw = feed(concat(header(7, 1, 8000, 8, new byte[0], 0), new byte[] {(byte) 0xFF}));
        assertThat(mulaw.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.MULAW, 8000));
    }

    @Test
    void theLengthFieldIsIgnoredTheAudioRunsToTheEnd() throws Exception {
        byte[] pcm = new byte[100];
        assertThat(feed(concat(header(1, 1, 22050, 16, new byte[0], 10), pcm)).bytes()).hasSize(100);
    }

    @Test
    void aHeaderOnlyIsAFormatAndNoAudio() throws Exception {
        RecordingSink sink = feed(ESPEAK);
        assertThat(sink.format().sampleRate()).isEqualTo(22050);
        assertThat(sink.chunks()).isZero();
    }

    @Test
    void outputThatIsNotAMonoWavIsAProtocolError() {
        assertThatThrownBy(() -> feed("Usage: espeak-ng [options] [\"<words>\"]\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("espeak: unusable WAV header in the program's output: not a RIFF/WAVE file: starts with"
                        + " 'Usag'");
        assertThatThrownBy(() -> feed(header(1, 2, 22050, 16, new byte[0], 0)))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("espeak: the program's WAV has 2 channels, expected mono");
        assertThatThrownBy(() -> feed(header(0x55, 1, 22050, 16, new byte[0], 0)))
                .hasMessage("espeak: unusable WAV header in the program's output: unsupported WAV format tag 0x0055"
                        + " (MPEG Layer 3)");
    }

    @Test
    void aStreamThatEndsInTheHeaderOrBeforeItIsAProtocolError() {
        assertThatThrownBy(() -> feed(new byte[0]))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("espeak: the program wrote nothing, not even a WAV header");
        assertThatThrownBy(() -> feed(Arrays.copyOf(ESPEAK, 30)))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageStartingWith("espeak: unusable WAV header in the program's output: truncated");
    }

    @Test
    void aHeaderThatNeverReachesItsDataChunkIsCutOff() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] start = header(1, 1, 22050, 16, new byte[0], 0);
        stream.write(start, 0, 36); // RIFF and fmt, then a chunk larger than the header limit
        byte[] junk = new byte[8 + 10_000];
        ByteBuffer.wrap(junk).order(ByteOrder.LITTLE_ENDIAN).put("junk".getBytes(StandardCharsets.US_ASCII))
                .putInt(10_000);
        stream.write(junk, 0, junk.length);
        byte[] bytes = stream.toByteArray();
        int[] cuts = new int[bytes.length / 1000];
        Arrays.setAll(cuts, i -> (i + 1) * 1000);
        assertThatThrownBy(() -> feed(bytes, cuts))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageStartingWith("espeak: unusable WAV header in the program's output (no data chunk in the"
                        + " first 5000 bytes): ");
    }
}
