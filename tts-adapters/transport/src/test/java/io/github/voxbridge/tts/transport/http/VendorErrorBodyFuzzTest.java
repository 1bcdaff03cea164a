package io.github.voxbridge.tts.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any error body a vendor (or a proxy in front of it) can send gives a message or null, never an exception: bytes
 * cut inside a UTF-8 character, JSON of any shape and depth, HTML, binary. {@code mvn verify} replays the committed
 * inputs under {@code VendorErrorBodyFuzzTestInputs}; {@code scripts/fuzz.sh VendorErrorBodyFuzzTest} fuzzes.
 */
class VendorErrorBodyFuzzTest {

    @FuzzTest
    void anyBodyGivesAMessageOrNullAndNeverThrows(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        int length = body.length == 0 ? 0 : Math.floorMod(body[0], body.length + 1);
        String message = VendorErrorBody.message(body, length);
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            assertThat(message).as("blank body").isNull();
        } else {
            assertThat(message).as("non-blank body").isNotNull().isNotBlank();
            // A message is either the text itself (not JSON of a known shape) or taken from inside it.
            assertThat(message.length()).isLessThanOrEqualTo(2 * text.length() + 3);
        }
        assertThat(VendorErrorBody.message(body, length)).as("deterministic").isEqualTo(message);
    }
}
