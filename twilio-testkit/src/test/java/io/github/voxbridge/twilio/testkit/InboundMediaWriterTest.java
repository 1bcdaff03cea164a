package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InboundMediaWriterTest {

    private static final TwilioCodec CODEC = new TwilioCodec();

    /** The codec is the reference: same text for random counters and payloads, edge values always included. */
    @Test
    void writesWhatTheCodecWrites() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (String sid : List.of("MZ0123456789abcdef0123456789abcdef", "MZ\"quoted\\", "MZ-é-€-\u0001", "")) {
            InboundMediaWriter writer = new InboundMediaWriter(CODEC, sid);
            for (int i = 0; i < 200; i++) {
                long sequence = i == 0 ? 0 : i == 1 ? Long.MAX_VALUE : random.nextLong(Long.MAX_VALUE);
                long chunk = i == 0 ? 1 : random.nextLong(1_000_000_000L);
                long timestamp = i == 1 ? Long.MAX_VALUE : random.nextLong(1L << 40);
                byte[] payload = new byte[160];
                if (i == 2) {
                    java.util.Arrays.fill(payload, (byte) 0xFF);
                } else if (i > 2) {
                    random.nextBytes(payload);
                }
                String expected = CODEC.write(new InboundMessage.Media(sequence, sid, "inbound", chunk, timestamp,
                        payload.clone()));
                assertThat(writer.write(sequence, chunk, timestamp, payload).toString())
                        .as("seed %d, sid %s, case %d", seed, sid, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void refusesAPayloadThatIsNotOneFrame() {
        InboundMediaWriter writer = new InboundMediaWriter(CODEC, "MZ1");
        assertThatThrownBy(() -> writer.write(1, 1, 0, new byte[159])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 159");
    }
}
