package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.MediaMessageReader;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The inbound direction, one 20 ms Twilio {@code media} message (160 mu-law bytes) per operation, to 16 kHz PCM
 * for a speech recogniser.
 *
 * <ul>
 *   <li>{@code decode16k}: {@link InboundTrackDecoder#accept} of an already parsed message: mu-law decode, timeline
 *       and 8 to 16 kHz resampling (default preset), state carried across messages. Allocation-free in steady state.
 *       </li>
 *   <li>{@code parseAndDecode16k}: the media JSON text through {@link TwilioCodec#parse} (Jackson, base64), then
 *       the same decoder: the whole inbound path per WebSocket text frame, as it was.</li>
 *   <li>{@code readAndDecode16k}: the message's UTF-8 bytes read in place by {@link MediaMessageReader}, then the
 *       same decoder: the server's path now. Its chunk and timestamp are written into the bytes before each
 *       operation (zero-padded to a fixed width, which both readers accept), as a new message arrives in the
 *       connection's reused buffer. Allocation-free.</li>
 * </ul>
 * The messages carry the next frame of {@link SpeechLikeSignal}. Twilio numbers chunks and stamps times, and the
 * decoder drops repeats and late chunks, so every operation needs a message with the next chunk number: each
 * builds one {@link InboundMessage.Media} record around a pre-encoded payload (a parser makes one per message
 * anyway). In {@code decode16k} C2 scalar-replaces that record, so its B/op is the decoder's, which must stay 0.
 * That needs {@code accept} inlined into the benchmark method, which C2 does not do by itself once the compiled
 * {@code accept} (resampler inlined) outgrows {@code InlineSmallCode}: an unrelated change to the resampler's loop
 * once turned this into 48 B/op, the record's own size. So {@code decode16k}'s fork forces that one inlining with a
 * {@code CompileCommand}; the decoder passes on only the record's fields, so nothing it does can make the record
 * escape.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class InboundBench {

    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    private static final int FRAME = 160;

    private byte[][] payloads;
    private String[] json;
    private byte[][] utf8;
    private int[] chunkAt;
    private int[] timestampAt;
    private MediaMessageReader reader;
    private TwilioCodec codec;
    private InboundTrackDecoder decoder;
    private int next;
    private long chunk;
    private long samplesOut;

    @Setup(Level.Trial)
    public void setUp() {
        short[] pcm = SpeechLikeSignal.generate().pcm16();
        int frames = pcm.length / FRAME;
        codec = new TwilioCodec();
        payloads = new byte[frames][FRAME];
        json = new String[frames];
        for (int f = 0; f < frames; f++) {
            MuLaw.encode(pcm, f * FRAME, payloads[f], 0, FRAME);
            json[f] = "{\"event\":\"media\",\"sequenceNumber\":\"" + (f + 2) + "\",\"media\":{\"track\":\"inbound\","
                    + "\"chunk\":\"" + (f + 1) + "\",\"timestamp\":\"" + (20L * f) + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(payloads[f]) + "\"},\"streamSid\":\"" + STREAM_SID + "\"}";
            if (!(codec.parse(json[f]) instanceof InboundMessage.Media m) || !java.util.Arrays.equals(m.payload(),
                    payloads[f])) {
                throw new IllegalStateException("not parsed back as the same media: " + json[f]);
            }
        }
        decoder = InboundTrackDecoder.at16kHz("inbound", (samples, offset, length) -> samplesOut += length);
        reader = MediaMessageReader.inbound();
        utf8 = new byte[frames][];
        chunkAt = new int[frames];
        timestampAt = new int[frames];
        for (int f = 0; f < frames; f++) {
            String padded = "{\"event\":\"media\",\"sequenceNumber\":\"" + (f + 2) + "\",\"media\":{\"track\":"
                    + "\"inbound\",\"chunk\":\"" + "0".repeat(CHUNK_DIGITS) + "\",\"timestamp\":\""
                    + "0".repeat(TIMESTAMP_DIGITS) + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(payloads[f]) + "\"},\"streamSid\":\"" + STREAM_SID + "\"}";
            utf8[f] = padded.getBytes(StandardCharsets.US_ASCII);
            chunkAt[f] = padded.indexOf("\"chunk\":\"") + 9;
            timestampAt[f] = padded.indexOf("\"timestamp\":\"") + 13;
            if (!reader.read(utf8[f], 0, utf8[f].length)
                    || !java.util.Arrays.equals(reader.toInbound().payload(), payloads[f])) {
                throw new IllegalStateException("not read in place as the same media: " + padded);
            }
        }
    }

    private static final int CHUNK_DIGITS = 10;
    private static final int TIMESTAMP_DIGITS = 13;

    /** Writes {@code value} as {@code digits} zero-padded decimal digits at {@code at}. */
    private static void digits(byte[] text, int at, int digits, long value) {
        for (int i = at + digits - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=inline,io.github.voxbridge.twilio.stream.InboundTrackDecoder::accept"})
    public long decode16k() {
        byte[] payload = payloads[next];
        next = next + 1 == payloads.length ? 0 : next + 1;
        chunk++;
        decoder.accept(new InboundMessage.Media(chunk + 1, STREAM_SID, "inbound", chunk, 20 * (chunk - 1), payload));
        return samplesOut;
    }

    @Benchmark
    public long readAndDecode16k() {
        byte[] message = utf8[next];
        chunk++;
        digits(message, chunkAt[next], CHUNK_DIGITS, chunk);
        digits(message, timestampAt[next], TIMESTAMP_DIGITS, 20 * (chunk - 1));
        next = next + 1 == utf8.length ? 0 : next + 1;
        if (!reader.read(message, 0, message.length)) {
            throw new IllegalStateException("declined");
        }
        decoder.accept(reader);
        return samplesOut;
    }

    @Benchmark
    public long parseAndDecode16k() {
        InboundMessage.Media m = (InboundMessage.Media) codec.parse(json[next]);
        next = next + 1 == json.length ? 0 : next + 1;
        chunk++;
        decoder.accept(new InboundMessage.Media(m.sequenceNumber(), m.streamSid(), m.track(), chunk,
                20 * (chunk - 1), m.payload()));
        return samplesOut;
    }
}
