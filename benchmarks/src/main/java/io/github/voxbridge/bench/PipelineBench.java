package io.github.voxbridge.bench;

import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
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
 * The whole outbound path for 20 ms of speech, the per-call cost a server pays 50 times a second: 480 16-bit
 * samples at 24 kHz (a common TTS rate) resampled to 8 kHz and encoded to mu-law ({@link TelephonyEncoder}, the
 * telephony preset, fused), cut into a 160-byte frame ({@link FrameAssembler}, eager) and written as the outbound
 * {@code media} message {@code String} ({@link OutboundMessageWriter#mediaMessage(byte[])}). The pieces are the
 * public ones, assembled as {@code TwilioTtsStream}'s pipeline assembles them; resampler phase and history, the
 * assembler's partial frame and the writer's buffers are carried from one operation to the next, as in a call.
 *
 * <ul>
 *   <li>{@code pipeline}: the library's default kernels (the Vector API, with {@code jdk.incubator.vector}).</li>
 *   <li>{@code pipelineScalar}: the same in a fork with {@code -Dvoxbridge.simd=scalar}, the portable kernels.</li>
 * </ul>
 * After the first chunk, which set-up runs (the resampler's output starts after its filter delay), every operation
 * yields exactly 160 mu-law bytes (480 / 3), hence one frame and one message, which set-up checks:
 * the only allocation per operation should be that {@code String} and its array (about 330 bytes with this stream
 * SID).
 *
 * <p>Input: one second of {@link ResampleBench#speechLike} at 24 kHz (a gliding voiced tone with harmonics, a
 * syllable envelope and a little noise), 50 chunks played in a loop.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PipelineBench {

    /** The TTS rate of the input, Hz. */
    static final int INPUT_RATE = 24_000;
    /** 20 ms at {@link #INPUT_RATE}. */
    static final int CHUNK_SAMPLES = INPUT_RATE / 50;
    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";

    private short[] speech;
    private int offset;
    private TelephonyEncoder encoder;
    private byte[] codes;
    private OutboundMessageWriter writer;
    private FrameAssembler assembler;
    /** The message of the frame completed by the latest operation. */
    private String message;

    @Setup(Level.Trial)
    public void setUp() {
        float[] floats = ResampleBench.speechLike(INPUT_RATE);
        speech = new short[floats.length];
        for (int i = 0; i < floats.length; i++) {
            speech[i] = (short) Math.round(floats[i] * 32767);
        }
        encoder = TelephonyEncoder.muLaw(INPUT_RATE);
        codes = new byte[CHUNK_SAMPLES]; // ample: one byte per 3 input samples
        writer = new OutboundMessageWriter(STREAM_SID);
        assembler = new FrameAssembler((frame, audioBytes, last) -> message = writer.mediaMessage(frame), true);
        // The first chunk gives fewer bytes (the resampler's output starts after its filter delay): take it here.
        // Then check the claim above: one 160-byte frame, one message per operation.
        pipeline();
        for (int i = 1; i < 2 * speech.length / CHUNK_SAMPLES; i++) {
            long before = assembler.framesDelivered();
            String m = pipeline();
            if (assembler.framesDelivered() != before + 1 || m == null
                    || m.length() != writer.mediaMessageLength(FrameAssembler.FRAME_BYTES)) {
                throw new IllegalStateException("operation " + i + " did not make exactly one media message");
            }
        }
    }

    @Benchmark
    public String pipeline() {
        int at = offset;
        offset = at + CHUNK_SAMPLES == speech.length ? 0 : at + CHUNK_SAMPLES;
        int n = encoder.encode(speech, at, CHUNK_SAMPLES, codes, 0);
        assembler.write(codes, 0, n);
        return message;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dvoxbridge.simd=scalar"})
    public String pipelineScalar() {
        return pipeline();
    }
}
