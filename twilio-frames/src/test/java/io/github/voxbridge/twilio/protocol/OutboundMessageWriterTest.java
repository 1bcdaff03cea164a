package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OutboundMessageWriterTest {

    static final String SID = TwilioCodecTest.SID;

    final TwilioCodec codec = new TwilioCodec();
    final ObjectMapper jackson = new ObjectMapper();

    static byte[] frame(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void mediaMessageIsExactlyWhatTheCodecWrites() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        for (int n = 1; n <= 400; n++) {
            byte[] payload = frame(n, n);
            String fast = writer.mediaMessage(payload);
            assertThat(fast).isEqualTo(codec.write(new OutboundMessage.Media(SID, payload)));
            assertThat(fast.length()).isEqualTo(writer.mediaMessageLength(n));
            assertThat(codec.parseOutbound(fast)).isEqualTo(new OutboundMessage.Media(SID, payload));
        }
    }

    @Test
    void aTwentyMillisecondFrameLooksLikeTheDocumentation() throws Exception {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) 0xFF);
        String json = new OutboundMessageWriter(SID).mediaMessage(payload);
        assertThat(json).startsWith("{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"////")
                .endsWith("\"}}");
        JsonNode tree = jackson.readTree(json);
        assertThat(tree.get("media").get("payload").textValue()).hasSize(216);
        assertThat(Base64.getDecoder().decode(tree.get("media").get("payload").textValue())).isEqualTo(payload);
    }

    @Property
    void rangesAndByteVariantsGiveTheSameMessage(@ForAll("sids") String sid, @ForAll @Size(min = 1, max = 700) byte[] data,
                                                 @ForAll @IntRange(min = 0, max = 699) int from,
                                                 @ForAll @IntRange(min = 1, max = 700) int len) throws Exception {
        int off = Math.min(from, data.length - 1);
        int n = Math.min(len, data.length - off);
        byte[] slice = Arrays.copyOfRange(data, off, off + n);
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        String whole = writer.mediaMessage(slice);
        assertThat(writer.mediaMessage(data, off, n)).isEqualTo(whole);
        assertThat(jackson.readTree(whole)).isEqualTo(jackson.readTree(codec.write(new OutboundMessage.Media(sid, slice))));

        byte[] dst = new byte[writer.mediaMessageLength(n) + 13];
        int written = writer.writeMediaMessage(slice, dst, 13);
        assertThat(new String(dst, 13, written, StandardCharsets.UTF_8)).isEqualTo(whole);

        ByteBuffer buffer = ByteBuffer.allocateDirect(written + 5).position(5);
        writer.writeMediaMessage(slice, buffer);
        assertThat(buffer.position()).isEqualTo(5 + written);
        byte[] fromBuffer = new byte[written];
        buffer.get(5, fromBuffer);
        assertThat(new String(fromBuffer, StandardCharsets.US_ASCII)).isEqualTo(whole);
    }

    @Provide
    Arbitrary<String> sids() {
        return Arbitraries.oneOf(Arbitraries.just(SID), Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40));
    }

    @Property
    void rangeEncoderIsTheJdkEncoder(@ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(max = 300) int from) {
        int off = Math.min(from, data.length);
        byte[] dst = new byte[4 * data.length / 3 + 8];
        int n = OutboundMessageWriter.encodeRange(data, off, data.length - off, dst, 3);
        assertThat(new String(dst, 3, n, StandardCharsets.US_ASCII))
                .isEqualTo(Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, off, data.length)));
    }

    @Property
    void markAndClearParseBack(@ForAll("sids") String sid, @ForAll String name) {
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        assertThat(codec.parseOutbound(writer.markMessage(name))).isEqualTo(new OutboundMessage.Mark(sid, name));
        assertThat(codec.parseOutbound(writer.clearMessage())).isEqualTo(new OutboundMessage.Clear(sid));
        assertThat(writer.markMessage(name).chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    @Test
    void sidWithQuotesAndNonAsciiIsEscaped() throws Exception {
        String sid = "MZ\"\\\n€😀\u2028";
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        String json = writer.mediaMessage(new byte[] {1, 2, 3});
        assertThat(json.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
        assertThat(jackson.readTree(json).get("streamSid").textValue()).isEqualTo(sid);
        assertThat(writer.clearMessage()).isEqualToIgnoringCase(codec.write(new OutboundMessage.Clear(sid)));
    }

    @Test
    void refusesEmptyPayloadsAndShortBuffers() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        assertThatThrownBy(() -> writer.mediaMessage(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty media payload");
        assertThatThrownBy(() -> writer.mediaMessage(new byte[10], 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.mediaMessage(new byte[10], 4, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        byte[] dst = new byte[writer.mediaMessageLength(160) - 1];
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[160], dst, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(dst).containsOnly(0);
        ByteBuffer small = ByteBuffer.allocate(dst.length);
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[160], small)).isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
        assertThatThrownBy(() -> new OutboundMessageWriter("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundMessage.Media(SID, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsForLargePayloadsAndStaysCorrectForSmallOnesAfterwards() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        for (int n : new int[] {160, 8000, 1, 160, 3, 8000}) {
            byte[] payload = frame(n, n);
            assertThat(codec.parseOutbound(writer.mediaMessage(payload))).isEqualTo(new OutboundMessage.Media(SID, payload));
        }
    }
}
