package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTwimlTest {

    @Test
    void readsTheConnectStreamAndItsParametersInOrder() {
        StreamTwiml s = StreamTwiml.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Connecting</Say>
                  <Connect>
                    <Stream url="wss://example.org/twilio/media" name="agent">
                      <Parameter name="z" value="last &amp; &lt;escaped&gt;"/>
                      <Parameter name="a" value=""/>
                    </Stream>
                  </Connect>
                </Response>""");
        assertThat(s.url()).isEqualTo(URI.create("wss://example.org/twilio/media"));
        assertThat(s.parameters()).containsExactly(Map.entry("z", "last & <escaped>"), Map.entry("a", ""));
    }

    @Test
    void refusesWhatIsNotABidirectionalStream() {
        assertThatThrownBy(() -> StreamTwiml.parse("<Response><Start><Stream url=\"wss://x/m\"/></Start></Response>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no <Connect><Stream>");
        assertThatThrownBy(() -> StreamTwiml.parse("<Response><Connect><Stream/></Connect></Response>"))
                .hasMessageContaining("<Stream> without url");
        assertThatThrownBy(() -> StreamTwiml.parse("<Reply/>")).hasMessageContaining("not <Response>");
        assertThatThrownBy(() -> StreamTwiml.parse("<Response><Connect>")).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> StreamTwiml.parse(
                "<Response><Connect><Stream url=\"wss://x/m\"><Parameter name=\"k\"/></Stream></Connect></Response>"))
                .hasMessageContaining("<Parameter> needs name and value");
    }

    /** An external entity must not be read: DOCTYPEs are refused outright. */
    @Test
    void refusesDoctypes() {
        assertThatThrownBy(() -> StreamTwiml.parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><Response><Connect><Stream url=\"wss://x/&x;\"/></Connect></Response>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed");
    }
}
