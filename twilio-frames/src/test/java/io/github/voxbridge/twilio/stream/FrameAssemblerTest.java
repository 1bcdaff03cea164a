package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

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

    record Utterances(List<byte[]> audio, List<List<Integer>> cuts) {
    }

    @Provide
    Arbitrary<Utterances> utterances() {
        Arbitrary<byte[]> one = Arbitraries.oneOf(Arbitraries.integers().between(0, 1000),
                        Arbitraries.of(0, 1, 159, 160, 161, 320, 480))
                .map(n -> ramp(n, n));
        return one.list().ofMinSize(1).ofMaxSize(4).flatMap(audio -> {
            List<Arbitrary<List<Integer>>> cuts = audio.stream()
                    .<Arbitrary<List<Integer>>>map(a -> Arbitraries.integers().between(0, a.length).list().ofMaxSize(12))
                    .toList();
            return Combinators.combine(cuts).as(c -> new Utterances(audio, c));
        });
    }

    /** Whatever the pieces, the frames are those of one write per utterance. */
    @Property
    void anyChunkingGivesIdenticalFrames(@ForAll("utterances") Utterances u) {
        List<Frame> reference = run(u, false);
        List<Frame> chunked = run(u, true);
        assertThat(chunked).isEqualTo(reference);
        int expected = u.audio().stream().mapToInt(a -> (a.length + 159) / 160).sum();
        assertThat(reference).hasSize(expected);
        int at = 0;
        for (byte[] audio : u.audio()) {
            int n = (audio.length + 159) / 160;
            for (int k = 0; k < n; k++) {
                Frame f = reference.get(at + k);
                int audioBytes = Math.min(160, audio.length - 160 * k);
                assertThat(f.audioBytes()).isEqualTo(audioBytes);
                assertThat(f.last()).isEqualTo(k == n - 1);
                assertThat(Arrays.copyOf(f.bytes(), audioBytes))
                        .isEqualTo(Arrays.copyOfRange(audio, 160 * k, 160 * k + audioBytes));
                for (int i = audioBytes; i < 160; i++) {
                    assertThat(f.bytes()[i]).isEqualTo((byte) 0xFF);
                }
            }
            at += n;
        }
    }

    private static List<Frame> run(Utterances u, boolean chunked) {
        List<Frame> out = new ArrayList<>();
        FrameAssembler a = new FrameAssembler((frame, audio, last) -> out.add(new Frame(frame.clone(), audio, last)));
        for (int i = 0; i < u.audio().size(); i++) {
            byte[] audio = u.audio().get(i);
            if (!chunked) {
                a.write(audio, 0, audio.length);
            } else {
                List<Integer> cuts = new ArrayList<>(u.cuts().get(i));
                cuts.add(0);
                cuts.add(audio.length);
                cuts.sort(null);
                for (int c = 1; c < cuts.size(); c++) {
                    a.write(audio, cuts.get(c - 1), cuts.get(c) - cuts.get(c - 1));
                }
            }
            a.endUtterance();
        }
        return out;
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
