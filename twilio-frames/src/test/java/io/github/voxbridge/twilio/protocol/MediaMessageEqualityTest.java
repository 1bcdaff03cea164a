package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two media records replace the record defaults (array identity, the array in {@code toString}): equal by
 * payload content, a hash code that agrees with that and depends on every field, and a {@code toString} that names
 * the payload by its length only (a 20 ms frame in a log line is noise; a long payload would flood it).
 */
class MediaMessageEqualityTest {

    private static final String SID = TwilioCodecTest.SID;

    @Test
    void inboundMediaIsEqualByContentAndDiffersInAnyField() {
        InboundMessage.Media m = new InboundMessage.Media(3, SID, "inbound", 2, 40, new byte[] {1, 2, 3});
        InboundMessage.Media same = new InboundMessage.Media(3, SID, "inbound", 2, 40, new byte[] {1, 2, 3});
        assertThat(m).isEqualTo(same).hasSameHashCodeAs(same);

        List<InboundMessage.Media> others = List.of(
                new InboundMessage.Media(4, SID, "inbound", 2, 40, new byte[] {1, 2, 3}),
                new InboundMessage.Media(3, "MZ2", "inbound", 2, 40, new byte[] {1, 2, 3}),
                new InboundMessage.Media(3, SID, "outbound", 2, 40, new byte[] {1, 2, 3}),
                new InboundMessage.Media(3, SID, "inbound", 3, 40, new byte[] {1, 2, 3}),
                new InboundMessage.Media(3, SID, "inbound", 2, 60, new byte[] {1, 2, 3}),
                new InboundMessage.Media(3, SID, "inbound", 2, 40, new byte[] {1, 2, 4}),
                new InboundMessage.Media(3, SID, "inbound", 2, 40, new byte[] {1, 2}));
        Set<Integer> hashes = new HashSet<>(List.of(m.hashCode()));
        for (InboundMessage.Media other : others) {
            assertThat(m).as("differs from %s", other).isNotEqualTo(other);
            hashes.add(other.hashCode());
        }
        assertThat(hashes).as("each field goes into the hash").hasSize(others.size() + 1);
        assertThat(m).isNotEqualTo(new OutboundMessage.Media(SID, new byte[] {1, 2, 3}));
    }

    @Test
    void outboundMediaIsEqualByContentAndDiffersInAnyField() {
        OutboundMessage.Media m = new OutboundMessage.Media(SID, new byte[] {1, 2, 3});
        OutboundMessage.Media same = new OutboundMessage.Media(SID, new byte[] {1, 2, 3});
        assertThat(m).isEqualTo(same).hasSameHashCodeAs(same);

        List<OutboundMessage.Media> others = List.of(new OutboundMessage.Media("MZ2", new byte[] {1, 2, 3}),
                new OutboundMessage.Media(SID, new byte[] {1, 2, 4}), new OutboundMessage.Media(SID, new byte[] {1}));
        Set<Integer> hashes = new HashSet<>(List.of(m.hashCode()));
        for (OutboundMessage.Media other : others) {
            assertThat(m).as("differs from %s", other).isNotEqualTo(other);
            hashes.add(other.hashCode());
        }
        assertThat(hashes).as("each field goes into the hash").hasSize(others.size() + 1);
        assertThat(m).isNotEqualTo(new OutboundMessage.Mark(SID, "x"));
    }

    @Test
    void toStringNamesThePayloadByItsLength() {
        assertThat(new InboundMessage.Media(3, "MZ1", "inbound", 2, 40, new byte[160])).hasToString(
                "Media[sequenceNumber=3, streamSid=MZ1, track=inbound, chunk=2, timestamp=40, payload=160 bytes]");
        assertThat(new OutboundMessage.Media("MZ1", new byte[160])).hasToString(
                "Media[streamSid=MZ1, payload=160 bytes]");
    }
}
