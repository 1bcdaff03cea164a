package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.function.BiConsumer;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code ByteBuffer}/{@code ShortBuffer} entry points of both laws against the G.191 reference for every
 * 16-bit input and every code, with every kind of buffer on either side: heap buffers whose array offset and
 * position are both non-zero (the bulk-kernel path must add the two), direct buffers and read-only heap buffers
 * (no accessible array: the sample-by-sample path). Each call must write exactly the source's remaining count
 * at the destination's position, nothing before or after it, and advance both positions by that count.
 */
class G711BufferExactnessTest {

    private static final int ALL = 1 << 16;
    /** Where a heap buffer's slice starts in its backing array, and the position data starts at in any buffer. */
    private static final int ARRAY_OFFSET = 5;
    private static final int POSITION = 3;
    /** Room left after the data in each destination, which must stay untouched. */
    private static final int SPARE = 4;
    private static final byte BYTE_SENTINEL = (byte) 0x5A;
    private static final short SHORT_SENTINEL = (short) 0x5A5A;

    enum Law {
        MU(MuLaw::encode, MuLaw::decode, x -> G191Reference.ulawCompress((short) x), G191Reference::ulawExpand),
        A(ALaw::encode, ALaw::decode, x -> G191Reference.alawCompress((short) x), G191Reference::alawExpand);

        final BiConsumer<ShortBuffer, ByteBuffer> encoder;
        final BiConsumer<ByteBuffer, ShortBuffer> decoder;
        final IntUnaryOperator referenceCode;
        final IntUnaryOperator referenceSample;

        Law(BiConsumer<ShortBuffer, ByteBuffer> encoder, BiConsumer<ByteBuffer, ShortBuffer> decoder,
                IntUnaryOperator referenceCode, IntUnaryOperator referenceSample) {
            this.encoder = encoder;
            this.decoder = decoder;
            this.referenceCode = referenceCode;
            this.referenceSample = referenceSample;
        }
    }

    private enum Kind { HEAP_WITH_OFFSET, DIRECT, READ_ONLY_HEAP }

    @ParameterizedTest
    @EnumSource(Law.class)
    void everyInputIsEncodedLikeG191ThroughEveryKindOfBuffer(Law law) {
        short[] inputs = new short[ALL];
        for (int i = 0; i < ALL; i++) {
            inputs[i] = (short) (i - 32768);
        }
        for (Kind srcKind : Kind.values()) {
            for (Kind dstKind : new Kind[] {Kind.HEAP_WITH_OFFSET, Kind.DIRECT}) {
                String what = law + " encode from " + srcKind + " into " + dstKind;
                ShortBuffer src = shorts(srcKind, inputs, 0);
                ByteBuffer dst = bytes(dstKind, new byte[0], ALL + SPARE);
                law.encoder.accept(src, dst);

                assertThat(src.position()).as(what + ": source position").isEqualTo(POSITION + ALL);
                assertThat(src.limit()).as(what + ": source limit").isEqualTo(POSITION + ALL);
                assertThat(dst.position()).as(what + ": destination position").isEqualTo(POSITION + ALL);
                int mismatches = 0;
                for (int i = 0; i < ALL; i++) {
                    if ((dst.get(POSITION + i) & 0xFF) != law.referenceCode.applyAsInt(inputs[i])) {
                        mismatches++;
                    }
                }
                assertThat(mismatches).as(what + ": codes that differ from G.191").isZero();
                assertUntouched(dst, ALL, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Law.class)
    void everyCodeIsDecodedLikeG191ThroughEveryKindOfBuffer(Law law) {
        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) {
            codes[c] = (byte) c;
        }
        for (Kind srcKind : Kind.values()) {
            for (Kind dstKind : new Kind[] {Kind.HEAP_WITH_OFFSET, Kind.DIRECT}) {
                String what = law + " decode from " + srcKind + " into " + dstKind;
                ByteBuffer src = bytes(srcKind, codes, 0);
                ShortBuffer dst = shorts(dstKind, new short[0], 256 + SPARE);
                law.decoder.accept(src, dst);

                assertThat(src.position()).as(what + ": source position").isEqualTo(POSITION + 256);
                assertThat(dst.position()).as(what + ": destination position").isEqualTo(POSITION + 256);
                for (int c = 0; c < 256; c++) {
                    assertThat(dst.get(POSITION + c)).as(what + ": code %d", c)
                            .isEqualTo((short) law.referenceSample.applyAsInt(c));
                }
                assertUntouched(dst, 256, what);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Law.class)
    void aDestinationWithTooLittleRoomIsRefusedBeforeAnythingIsConsumedOrWritten(Law law) {
        for (Kind dstKind : new Kind[] {Kind.HEAP_WITH_OFFSET, Kind.DIRECT}) {
            ShortBuffer samples = shorts(Kind.HEAP_WITH_OFFSET, new short[160], 0);
            ByteBuffer codes = bytes(dstKind, new byte[0], 159);
            assertThatThrownBy(() -> law.encoder.accept(samples, codes)).as(law + " encode into " + dstKind)
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("destination buffer has room for 159 samples but the source has 160");
            assertThat(samples.position()).as("source position").isEqualTo(POSITION);
            assertThat(codes.position()).as("destination position").isEqualTo(POSITION);
            assertUntouched(codes, 0, law + " encode into " + dstKind);

            ByteBuffer input = bytes(Kind.HEAP_WITH_OFFSET, new byte[160], 0);
            ShortBuffer output = shorts(dstKind, new short[0], 159);
            assertThatThrownBy(() -> law.decoder.accept(input, output)).as(law + " decode into " + dstKind)
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("destination buffer has room for 159 samples but the source has 160");
            assertThat(input.position()).as("source position").isEqualTo(POSITION);
            assertThat(output.position()).as("destination position").isEqualTo(POSITION);
            assertUntouched(output, 0, law + " decode into " + dstKind);
        }
    }

    @ParameterizedTest
    @EnumSource(Law.class)
    void aReadOnlyDestinationIsRefusedBeforeAnythingIsConsumed(Law law) {
        ShortBuffer samples = shorts(Kind.HEAP_WITH_OFFSET, new short[10], 0);
        assertThatThrownBy(() -> law.encoder.accept(samples, ByteBuffer.allocate(10).asReadOnlyBuffer()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("destination buffer is read-only");
        assertThat(samples.position()).isEqualTo(POSITION);

        ByteBuffer codes = bytes(Kind.HEAP_WITH_OFFSET, new byte[10], 0);
        assertThatThrownBy(() -> law.decoder.accept(codes, ShortBuffer.allocate(10).asReadOnlyBuffer()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("destination buffer is read-only");
        assertThat(codes.position()).isEqualTo(POSITION);
    }

    /**
     * A buffer of the given kind holding {@code values} from position {@link #POSITION} to its limit; with
     * {@code values} empty, a destination: {@code room} elements of {@link #SHORT_SENTINEL} from the position.
     */
    private static ShortBuffer shorts(Kind kind, short[] values, int room) {
        int capacity = POSITION + Math.max(values.length, room);
        ShortBuffer buffer = switch (kind) {
            case HEAP_WITH_OFFSET, READ_ONLY_HEAP ->
                    ShortBuffer.wrap(new short[ARRAY_OFFSET + capacity], ARRAY_OFFSET, capacity).slice();
            case DIRECT -> ByteBuffer.allocateDirect(2 * capacity).order(ByteOrder.nativeOrder()).asShortBuffer();
        };
        while (buffer.hasRemaining()) {
            buffer.put(SHORT_SENTINEL);
        }
        buffer.position(POSITION);
        buffer.put(values).position(POSITION);
        if (values.length > 0) {
            buffer.limit(POSITION + values.length);
        }
        return kind == Kind.READ_ONLY_HEAP ? buffer.asReadOnlyBuffer() : buffer;
    }

    /** The byte counterpart of {@link #shorts}. */
    private static ByteBuffer bytes(Kind kind, byte[] values, int room) {
        int capacity = POSITION + Math.max(values.length, room);
        ByteBuffer buffer = switch (kind) {
            case HEAP_WITH_OFFSET, READ_ONLY_HEAP ->
                    ByteBuffer.wrap(new byte[ARRAY_OFFSET + capacity], ARRAY_OFFSET, capacity).slice();
            case DIRECT -> ByteBuffer.allocateDirect(capacity);
        };
        while (buffer.hasRemaining()) {
            buffer.put(BYTE_SENTINEL);
        }
        buffer.position(POSITION);
        buffer.put(values).position(POSITION);
        if (values.length > 0) {
            buffer.limit(POSITION + values.length);
        }
        return kind == Kind.READ_ONLY_HEAP ? buffer.asReadOnlyBuffer() : buffer;
    }

    /** Everything of {@code dst} outside the {@code written} elements from {@link #POSITION} is still sentinel. */
    private static void assertUntouched(ByteBuffer dst, int written, String what) {
        for (int i = 0; i < dst.capacity(); i++) {
            if (i < POSITION || i >= POSITION + written) {
                assertThat(dst.get(i)).as(what + ": byte %d outside the written range", i).isEqualTo(BYTE_SENTINEL);
            }
        }
        if (dst.hasArray()) {
            for (int i = 0; i < dst.arrayOffset(); i++) {
                assertThat(dst.array()[i]).as(what + ": backing array before the buffer, at %d", i).isZero();
            }
        }
    }

    private static void assertUntouched(ShortBuffer dst, int written, String what) {
        for (int i = 0; i < dst.capacity(); i++) {
            if (i < POSITION || i >= POSITION + written) {
                assertThat(dst.get(i)).as(what + ": sample %d outside the written range", i).isEqualTo(SHORT_SENTINEL);
            }
        }
        if (dst.hasArray()) {
            for (int i = 0; i < dst.arrayOffset(); i++) {
                assertThat(dst.array()[i]).as(what + ": backing array before the buffer, at %d", i).isZero();
            }
        }
    }
}
