package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TwilioCodecPropertiesTest {

    final TwilioCodec codec = new TwilioCodec();

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** Well-formed Unicode: Jackson refuses a lone surrogate in a field name, and TwiML (XML) cannot carry one. */
    @Provide
    Arbitrary<String> wellFormedText() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0000', '\uD7FF'),
                Arbitraries.strings().withCharRange('\uE000', '\uFFFF'), Arbitraries.just("😀 é\"\\")).list()
                .ofMaxSize(3).map(parts -> String.join("", parts));
    }

    @Property
    void inboundMediaRoundTrips(@ForAll("anyText") String sid, @ForAll("anyText") String track,
                                @ForAll @LongRange(min = 0) long sequence, @ForAll @LongRange(min = 0) long chunk,
                                @ForAll @LongRange(min = 0) long timestamp, @ForAll @Size(max = 400) byte[] payload) {
        var m = new InboundMessage.Media(sequence, sid, track, chunk, timestamp, payload);
        assertThat(codec.parse(codec.write(m))).isEqualTo(m);
    }

    @Property
    void startRoundTrips(@ForAll("anyText") String sid, @ForAll("wellFormedText") String key, @ForAll("anyText") String value,
                         @ForAll @IntRange(min = 1) int rate) {
        var m = new InboundMessage.Start(1, sid, "AC" + key, "CA" + value, List.of("inbound", value),
                Map.of(key, value), new InboundMessage.MediaFormat(value, rate, 1));
        assertThat(codec.parse(codec.write(m))).isEqualTo(m);
    }

    @Property
    void outboundRoundTrips(@ForAll("anyText") String sid, @ForAll("anyText") String name,
                            @ForAll @Size(min = 1, max = 400) byte[] payload) {
        for (OutboundMessage m : List.of(new OutboundMessage.Media(sid, payload), new OutboundMessage.Mark(sid, name),
                new OutboundMessage.Clear(sid))) {
            assertThat(codec.parseOutbound(codec.write(m))).isEqualTo(m);
        }
    }

    /** Whatever arrives, parse returns a message or throws the typed error, nothing else. */
    @Property(tries = 2000)
    void arbitraryTextNeverEscapesAsAnotherException(@ForAll("mangledMessages") String json) {
        try {
            codec.parse(json);
        } catch (TwilioProtocolException expected) {
            assertThat(expected.getMessage().length()).isLessThan(500);
        }
    }

    @Provide
    Arbitrary<String> mangledMessages() {
        Arbitrary<String> valid = Arbitraries.of(TwilioCodecTest.CONNECTED, TwilioCodecTest.START,
                TwilioCodecTest.MEDIA, TwilioCodecTest.DTMF, TwilioCodecTest.MARK, TwilioCodecTest.STOP);
        Arbitrary<String> mangled = valid.flatMap(json -> Arbitraries.integers().between(0, json.length() - 1)
                .flatMap(at -> Arbitraries.integers().between(0, 3).flatMap(len ->
                        Arbitraries.strings().withChars("{}[]\":,0123456789-.e\\u nul").ofMaxLength(4)
                                .map(ins -> json.substring(0, at) + ins
                                        + json.substring(Math.min(json.length(), at + len))))));
        return Arbitraries.oneOf(mangled, Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("{}[]\":,0123456789tfnrue.-").ofMaxLength(60));
    }
}
