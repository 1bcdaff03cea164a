package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameAssemblerTest {

    record Frame(byte[] bytes, int audioBytes, boolean last) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && Arrays.equals(bytes, f.bytes) && audioBytes == f.audioBytes && last == f.last;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + audioBytes;
        }

        @Override
        public String toString() {
            return "Frame[" + audioBytes + (last ? ", last]" : "]");
        }
    }

    final List<Frame> frames = new ArrayList<>();
    final FrameAssembler assembler = new FrameAssembler((frame, audio, last) -> {
        assertThat(frame).hasSize(FrameAssembler.FRAME_BYTES);
        frames.add(new Frame(frame.clone(), audio, last));
    });

    static byte[] ramp(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    @Test
    void zeroBytesGiveNoFrame() {
        assembler.write(new byte[0]);
        assembler.endUtterance();
        assembler.endUtterance();
        assertThat(frames).isEmpty();
    }

    @Test
    void exactMultipleMarksTheLastFullFrameWithoutPadding() {
        byte[] audio = ramp(320, 1);
        assembler.write(audio);
        assertThat(frames).hasSize(1);
        assembler.endUtterance();
        assertThat(frames).containsExactly(new Frame(Arrays.copyOfRange(audio, 0, 160), 160, false),
                new Frame(Arrays.copyOfRange(audio, 160, 320), 160, true));
    }

    @Test
    void partialLastFrameIsPaddedWithMuLawSilence() {
        byte[] audio = ramp(161, 2);
        assembler.writeLast(audio, 0, audio.length);
        assertThat(frames).hasSize(2);
        byte[] last = new byte[160];
        Arrays.fill(last, (byte) 0xFF);
        last[0] = audio[160];
        assertThat(frames.get(1)).isEqualTo(new Frame(last, 1, true));
        assertThat(assembler.pendingBytes()).isZero();
    }

    @Test
    void aFrameEndingAWriteWaitsForTheNextByteOrTheEnd() {
        assembler.write(ramp(160, 3));
        assertThat(frames).isEmpty();
        assertThat(assembler.pendingBytes()).isEqualTo(160);
        assembler.write(ramp(1, 4));
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().last()).isFalse();
    }

    @Test
    void discardDropsTheUndeliveredRest() {
        assembler.write(ramp(200, 5));
        assertThat(assembler.discard()).isEqualTo(40);
        assembler.endUtterance();
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().last()).isFalse();
        assertThatThrownBy(() -> assembler.write(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * Utterances written one after the other: their lengths, and for each the cut points (offsets into it, in any
     * order, repeats allowed: a repeat is an empty write) at which the chunked run splits its writes. The audio of
     * utterance {@code i} is {@code ramp(length, i)}.
     */
    record Utterances(List<Integer> lengths, List<List<Integer>> cuts) {
        List<byte[]> audio() {
            List<byte[]> audio = new ArrayList<>();
            for (int i = 0; i < lengths.size(); i++) {
                audio.add(ramp(lengths.get(i), i));
            }
            return audio;
        }

        @Override
        public String toString() {
            return "lengths " + lengths + ", cuts " + cuts;
        }
    }

    /** Lengths at and around the frame size and its multiples. */
    private static final int[] EDGE_LENGTHS = {0, 1, 2, 80, 159, 160, 161, 319, 320, 321, 479, 480, 481, 1000};

    /**
     * Edge cases first (every edge length written whole, one byte at a time, and cut at the frame edges; pairs of
     * edge lengths back to back), then 1,000 drawn cases: 1 to 4 utterances of 0 to 1,000 bytes (an edge length
     * one time in three), each cut at 0 to 12 points.
     */
    static Stream<Utterances> utterances() {
        List<Utterances> cases = new ArrayList<>();
        for (int n : EDGE_LENGTHS) {
            cases.add(new Utterances(List.of(n), List.of(List.of())));
            cases.add(new Utterances(List.of(n), List.of(IntStream.rangeClosed(0, n).boxed().toList())));
            cases.add(new Utterances(List.of(n), List.of(IntStream.of(159, 160, 161, 320, 0, n, n)
                    .filter(c -> c <= n).boxed().toList())));
        }
        for (int a : EDGE_LENGTHS) {
            for (int b : new int[] {0, 1, 159, 160, 161}) {
                cases.add(new Utterances(List.of(a, b), List.of(List.of(a / 2), List.of(b / 3, b / 3))));
            }
        }
        SplittableRandom random = new SplittableRandom(0x5EED_F7A3L);
        for (int i = 0; i < 1000; i++) {
            int count = 1 + random.nextInt(4);
            List<Integer> lengths = new ArrayList<>();
            List<List<Integer>> cuts = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                int n = random.nextInt(3) == 0 ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)]
                        : random.nextInt(1001);
                lengths.add(n);
                cuts.add(random.ints(random.nextInt(13), 0, n + 1).boxed().toList());
            }
            cases.add(new Utterances(lengths, cuts));
        }
        return cases.stream();
    }

    /** Whatever the pieces, the frames are those of one write per utterance, and those are the audio, framed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("utterances")
    void anyChunkingGivesIdenticalFrames(Utterances u) {
        checkAnyChunking(u.audio(), u.cuts());
    }

    /**
     * The same property over audio and pieces the fuzzer makes: 1 to 4 utterances of arbitrary bytes, each cut at
     * arbitrary points, the last piece written with {@code writeLast} or followed by {@code endUtterance}.
     */
    @FuzzTest
    void anyPiecesGiveTheFramesOfOneWrite(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 4);
        List<byte[]> audio = new ArrayList<>();
        List<List<Integer>> cuts = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            byte[] bytes = data.consumeBytes(data.consumeInt(0, 1000));
            List<Integer> points = new ArrayList<>();
            for (int c = data.consumeInt(0, 12); c > 0; c--) {
                points.add(data.consumeInt(0, bytes.length));
            }
            audio.add(bytes);
            cuts.add(points);
        }
        checkAnyChunking(audio, cuts);
    }

    private static void checkAnyChunking(List<byte[]> audio, List<List<Integer>> cuts) {
        List<Frame> reference = run(audio, cuts, false, false);
        assertThat(run(audio, cuts, true, false)).as("chunked writes").isEqualTo(reference);
        assertThat(run(audio, cuts, true, true)).as("chunked writes, the last with writeLast").isEqualTo(reference);
        int expected = audio.stream().mapToInt(a -> (a.length + 159) / 160).sum();
        assertThat(reference).hasSize(expected);
        int at = 0;
        for (byte[] bytes : audio) {
            int n = (bytes.length + 159) / 160;
            for (int k = 0; k < n; k++) {
                Frame f = reference.get(at + k);
                int audioBytes = Math.min(160, bytes.length - 160 * k);
                assertThat(f.audioBytes()).isEqualTo(audioBytes);
                assertThat(f.last()).isEqualTo(k == n - 1);
                assertThat(Arrays.copyOf(f.bytes(), audioBytes))
                        .isEqualTo(Arrays.copyOfRange(bytes, 160 * k, 160 * k + audioBytes));
                for (int i = audioBytes; i < 160; i++) {
                    assertThat(f.bytes()[i]).isEqualTo((byte) 0xFF);
                }
            }
            at += n;
        }
        // Eager: the same frames, but a full last frame goes out at once, not marked last.
        List<Frame> eager = new ArrayList<>();
        for (Frame f : reference) {
            eager.add(f.last() && f.audioBytes() == 160 ? new Frame(f.bytes(), 160, false) : f);
        }
        assertThat(runEager(audio, cuts)).as("eager assembler").isEqualTo(eager);
    }

    /**
     * Frames of the utterances written whole, or cut at their cut points ({@code chunked}), ended by
     * {@code endUtterance} or by writing the last piece with {@code writeLast}; checks {@code pendingBytes} after
     * every write.
     */
    private static List<Frame> run(List<byte[]> audio, List<List<Integer>> cuts, boolean chunked,
                                   boolean endWithWriteLast) {
        List<Frame> out = new ArrayList<>();
        FrameAssembler a = new FrameAssembler((frame, n, last) -> out.add(new Frame(frame.clone(), n, last)));
        for (int i = 0; i < audio.size(); i++) {
            byte[] bytes = audio.get(i);
            List<Integer> points = pieces(bytes.length, chunked ? cuts.get(i) : List.of());
            for (int c = 1; c < points.size(); c++) {
                int from = points.get(c - 1);
                int length = points.get(c) - from;
                if (endWithWriteLast && c == points.size() - 1) {
                    a.writeLast(bytes, from, length);
                    assertThat(a.pendingBytes()).as("pending after writeLast").isZero();
                } else {
                    a.write(bytes, from, length);
                    int written = points.get(c);
                    int held = written == 0 ? 0 : written - 160 * ((written - 1) / 160);
                    assertThat(a.pendingBytes()).as("pending after %d bytes", written).isEqualTo(held);
                }
            }
            if (!endWithWriteLast) {
                a.endUtterance();
            }
        }
        assertThat(a.framesDelivered()).isEqualTo(out.size());
        return out;
    }

    private static List<Frame> runEager(List<byte[]> audio, List<List<Integer>> cuts) {
        List<Frame> out = new ArrayList<>();
        FrameAssembler a = new FrameAssembler((frame, n, last) -> out.add(new Frame(frame.clone(), n, last)), true);
        for (int i = 0; i < audio.size(); i++) {
            byte[] bytes = audio.get(i);
            List<Integer> points = pieces(bytes.length, cuts.get(i));
            for (int c = 1; c < points.size(); c++) {
                a.write(bytes, points.get(c - 1), points.get(c) - points.get(c - 1));
            }
            a.endUtterance();
        }
        return out;
    }

    /** 0, the cut points sorted, and {@code length}: consecutive pairs are the pieces. */
    private static List<Integer> pieces(int length, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>(cuts);
        points.add(0);
        points.add(length);
        points.sort(null);
        return points;
    }

    @Test
    void oneByteAtATimeGivesTheSameFrames() {
        byte[] audio = ramp(1234, 9);
        assembler.writeLast(audio, 0, audio.length);
        List<Frame> whole = List.copyOf(frames);
        frames.clear();
        for (int i = 0; i < audio.length; i++) {
            assembler.write(audio, i, 1);
        }
        assembler.endUtterance();
        assertThat(frames).isEqualTo(whole).hasSize(8);
    }
}
