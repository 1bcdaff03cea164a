package io.github.voxbridge.twilio.server.twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Reject;
import org.junit.jupiter.api.Test;

/** {@code <Reject>}: exact text, and the same meaning as twilio-java 13.0.1's builders for both reasons. */
class RejectTwimlTest {

    @Test
    void busyIsExactlyThis() {
        assertThat(RejectTwiml.toXml(RejectReason.BUSY)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"busy\"/></Response>");
    }

    @Test
    void bothReasonsMeanWhatTwilioJavaWrites() {
        assertThat(XmlTree.parse(RejectTwiml.toXml(RejectReason.BUSY))).isEqualTo(XmlTree.parse(twilioJava(
                Reject.Reason.BUSY)));
        assertThat(XmlTree.parse(RejectTwiml.toXml(RejectReason.REJECTED))).isEqualTo(XmlTree.parse(twilioJava(
                Reject.Reason.REJECTED)));
        assertThat(RejectReason.values()).hasSameSizeAs(Reject.Reason.values());
    }

    @Test
    void reasonIsRequired() {
        assertThatThrownBy(() -> RejectTwiml.toXml(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("reason");
    }

    private static String twilioJava(Reject.Reason reason) {
        return new VoiceResponse.Builder().reject(new Reject.Builder().reason(reason).build()).build().toXml();
    }
}
