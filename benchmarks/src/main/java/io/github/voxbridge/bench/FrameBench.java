package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.FrameAssembler;
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
 * One 20 ms mu-law frame (160 bytes) to a Twilio outbound {@code media} message, the per-frame cost of sending
 * speech to a call.
 *
 * <ul>
 *   <li>{@code mediaString}: {@link OutboundMessageWriter#mediaMessage(byte[])}, the message as a {@code String}
 *       for text-frame WebSocket APIs. The {@code String} and its array are the only allocation.</li>
 *   <li>{@code mediaIntoBuffer}: {@link OutboundMessageWriter#writeMediaMessage(byte[], byte[], int)} into a reused
 *       array, for transports that take bytes; allocates nothing.</li>
 *   <li>{@code assembleAndWrite}: 160 bytes through {@link FrameAssembler} into the writer's reused array, as the
 *       stream does it.</li>
 *   <li>{@code jacksonString}: the baseline, {@link TwilioCodec#write} (a Jackson generator) of an
 *       {@link OutboundMessage.Media} record; checked at set-up to give the same text as {@code mediaString}.</li>
 * </ul>
 * Each operation takes the next frame of {@link SpeechLikeSignal} encoded to mu-law, so payloads vary.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FrameBench {

    private static final int FRAME = FrameAssembler.FRAME_BYTES;
    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";

    private byte[][] frames;
    private int next;
    private OutboundMessageWriter writer;
    private TwilioCodec codec;
    private byte[] out;
    private FrameAssembler assembler;
    private int lastLength;

    @Setup(Level.Trial)
    public void setUp() {
        short[] pcm = SpeechLikeSignal.generate().pcm16();
        int count = pcm.length / FRAME;
        frames = new byte[count][FRAME];
        for (int f = 0; f < count; f++) {
            MuLaw.encode(pcm, f * FRAME, frames[f], 0, FRAME);
        }
        writer = new OutboundMessageWriter(STREAM_SID);
        codec = new TwilioCodec();
        out = new byte[writer.mediaMessageLength(FRAME)];
        assembler = new FrameAssembler((frame, audioBytes, last) -> lastLength = writer.writeMediaMessage(frame, out, 0));
        for (byte[] frame : frames) {
            String fast = writer.mediaMessage(frame);
            String jackson = codec.write(new OutboundMessage.Media(STREAM_SID, frame));
            if (!fast.equals(jackson)) {
                throw new IllegalStateException("writer and Jackson disagree:\n" + fast + "\n" + jackson);
            }
        }
    }

    private byte[] nextFrame() {
        byte[] frame = frames[next];
        next = next + 1 == frames.length ? 0 : next + 1;
        return frame;
    }

    @Benchmark
    public String mediaString() {
        return writer.mediaMessage(nextFrame());
    }

    @Benchmark
    public byte[] mediaIntoBuffer() {
        writer.writeMediaMessage(nextFrame(), out, 0);
        return out;
    }

    @Benchmark
    public int assembleAndWrite() {
        assembler.write(nextFrame(), 0, FRAME);
        return lastLength;
    }

    @Benchmark
    public String jacksonString() {
        return codec.write(new OutboundMessage.Media(STREAM_SID, nextFrame()));
    }
}
