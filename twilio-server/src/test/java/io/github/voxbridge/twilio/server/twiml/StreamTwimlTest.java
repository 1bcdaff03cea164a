package io.github.voxbridge.twilio.server.twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Stream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code <Connect><Stream>} document: exact text for a plain case, values read back by the JDK's DOM parser
 * unchanged (escaping), the same meaning as twilio-java 13.0.1's {@code VoiceResponse} builders on random
 * parameters, and every refused value refused with a message naming it.
 */
class StreamTwimlTest {

    private static final String URL = "wss://example.org/twilio/media";
    private static final long SEED = Long.getLong("voxbridge.seed", 0x7711_5EED_2026L);

    @Test
    void plainDocumentIsExactlyThis() {
        String xml = StreamTwiml.connect(URL).parameter("greeting", "Hello").parameter("lang", "en").toXml();
        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
                + "<Stream url=\"wss://example.org/twilio/media\"><Parameter name=\"greeting\" value=\"Hello\"/>"
                + "<Parameter name=\"lang\" value=\"en\"/></Stream></Connect></Response>");
        assertThat(StreamTwiml.connect(URL).toXml()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Connect><Stream url=\"wss://example.org/twilio/media\"></Stream></Connect></Response>");
    }

    @Test
    void attributesAreWrittenWhenSet() {
        StreamTwiml twiml = StreamTwiml.connect(URL).name("call-stream").statusCallback(
                "https://example.org/twilio/status?a=1&b=2").statusCallbackMethod(CallbackMethod.GET)
                .parameter("k", "v").build();
        XmlTree stream = XmlTree.parse(twiml.toXml()).stream();
        assertThat(stream.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("url", URL, "name", "call-stream",
                "statusCallback", "https://example.org/twilio/status?a=1&b=2", "statusCallbackMethod", "GET"));
        assertThat(twiml.toXml()).contains("statusCallback=\"https://example.org/twilio/status?a=1&amp;b=2\"");
        assertThat(twiml.name()).contains("call-stream");
        assertThat(twiml.statusCallbackMethod()).contains(CallbackMethod.GET);
        assertThat(twiml.streamUrl()).isEqualTo(URL);
        assertThatThrownBy(() -> twiml.parameters().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(twiml).hasToString("StreamTwiml[wss://example.org/twilio/media, 1 parameters]");
    }

    @Test
    void markupCharactersAndUnicodeSurviveTheRoundTrip() {
        Map<String, String> tricky = new LinkedHashMap<>();
        tricky.put("quote\"", "say \"hi\"");
        tricky.put("apos'", "it's");
        tricky.put("lt<gt>", "<Say>not an element</Say>");
        tricky.put("amp&", "a&b &amp; &#10; &lt;");
        tricky.put("unicode", "é 日本語 😀 \u00A0 \u2028 \uFFFD \uE000 \uD83D\uDE00");
        tricky.put("empty", "");
        tricky.put(" spaced ", "  two  spaces  ");
        tricky.put("]]>", "]]> <![CDATA[x]]>");
        String xml = StreamTwiml.connect(URL).parameters(tricky).toXml();
        assertThat(XmlTree.parse(xml).streamParameters()).containsExactlyEntriesOf(tricky);
        assertThat(xml).contains("&quot;hi&quot;").contains("&lt;Say&gt;").contains("a&amp;b &amp;amp; &amp;#10;")
                .doesNotContain("<Say>");
    }

    @Test
    void randomParametersMeanTheSameAsTwilioJavasBuilders() {
        Random random = new Random(SEED);
        int[] alphabet = {'a', 'Z', '0', ' ', '"', '\'', '<', '>', '&', ';', '#', '=', '/', 0xE9, 0x65E5, 0x1F600,
            0xA0, 0x2028, 0xFFFD, 0xE000, 0x10FFFF, 0x7F, 0x85, ']'};
        for (int i = 0; i < 300; i++) {
            Map<String, String> params = new LinkedHashMap<>();
            int count = random.nextInt(6);
            while (params.size() < count) {
                params.put(text(random, alphabet, 1 + random.nextInt(12)), text(random, alphabet, random.nextInt(40)));
            }
            if (i == 0) {
                params.put("n".repeat(250), "v".repeat(250));
            }
            String callback = random.nextBoolean() ? null
                    : "https://example.org/twilio/status?i=" + i + "&x=%3C%3E&y='";
            StreamTwiml.Builder ours = StreamTwiml.connect(URL).parameters(params);
            Stream.Builder theirs = new Stream.Builder().url(URL);
            params.forEach((k, v) -> theirs.parameter(new Parameter.Builder().name(k).value(v).build()));
            if (callback != null) {
                ours.statusCallback(callback).statusCallbackMethod(CallbackMethod.POST);
                theirs.statusCallback(callback).statusCallbackMethod(Stream.StatusCallbackMethod.POST);
            }
            String oursXml = ours.toXml();
            String theirsXml = new VoiceResponse.Builder()
                    .connect(new Connect.Builder().stream(theirs.build()).build()).build().toXml();
            String where = "seed " + SEED + " (-Dvoxbridge.seed), case " + i + ": " + params + "\nours:   " + oursXml
                    + "\ntheirs: " + theirsXml;
            assertThat(XmlTree.parse(oursXml)).as(where).isEqualTo(XmlTree.parse(theirsXml));
            assertThat(XmlTree.parse(oursXml).streamParameters()).as(where).containsExactlyEntriesOf(params);
        }
    }

    @Test
    void charactersXmlCannotCarryAreRefusedNamingTheCharacter() {
        for (String bad : List.of("\u0000", "\u0001", "\u0008", "\u000B", "\u000C", "\u001F", "\uFFFE", "\uFFFF",
                "\uD800", "\uDC00", "\uDBFF")) {
            assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "ok" + bad))
                    .as("U+%04X", (int) bad.charAt(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("<Parameter> value of \"k\"")
                    .hasMessageContaining("at index 2").hasMessageMatching("(?s).*U\\+[0-9A-F]{4}.*");
        }
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "😀\uDBFFy"))
                .hasMessageContaining("unpaired surrogate U+DBFF at index 2").hasMessageEndingWith("\"😀<U+DBFF>y\"");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("a\u0007b", "v"))
                .hasMessage("<Parameter> name has the character U+0007 at index 1, which XML 1.0 cannot carry:"
                        + " \"a<U+0007>b\"");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "line\nbreak"))
                .hasMessageContaining("line break (U+000A) at index 4")
                .hasMessageContaining("parsers turn it into a space");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "cr\r"))
                .hasMessageContaining("line break (U+000D) at index 2");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "\ttab")).hasMessageContaining("tab (U+0009)");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).name("n\u0000")).hasMessageStartingWith("<Stream> name");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "a b\uFFFE"))
                .hasMessageEndingWith(": \"a b<U+FFFE>\"");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "a b\uFFFF"))
                .hasMessageEndingWith(": \"a b<U+FFFF>\"");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "x".repeat(79) + "\u0001"))
                .as("80 characters are shown whole").hasMessageEndingWith("x<U+0001>\"");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "\u0001" + "x".repeat(80)))
                .as("longer values are cut after 80").hasMessageEndingWith("x\"... (81 characters)");
    }

    @Test
    void parametersAreLimitedTo500CharactersOfNameAndValue() {
        StreamTwiml.connect(URL).parameter("n", "v".repeat(499));
        StreamTwiml.connect(URL).parameter("😀", "😀".repeat(499)); // code points, not UTF-16 units (1000 of them)
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("nn", "v".repeat(499)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("<Parameter> \"\"nn\"\" has 501 characters of name and value together, more than the 500"
                        + " Twilio accepts");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("n".repeat(501), ""))
                .hasMessageContaining("501 characters").hasMessageContaining("... (501 characters)");
    }

    @Test
    void parameterNamesAreNonEmptyAndDistinct() {
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("<Parameter> name is empty (value \"v\")");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", "1").parameter("k", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name \"k\" is used twice (values \"1\" and \"2\")");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter(null, "v")).hasMessage("<Parameter> name is null");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).parameter("k", null))
                .hasMessage("<Parameter> value of \"k\" is null");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).name("")).hasMessage("<Stream> name is empty");
    }

    @Test
    void streamUrlMustBeAWebSocketUrlWithoutQuery() {
        assertThat(StreamTwiml.connect("ws://127.0.0.1:8080/twilio/media").build().streamUrl())
                .isEqualTo("ws://127.0.0.1:8080/twilio/media");
        assertThat(StreamTwiml.connect("WSS://example.org/x").build().streamUrl()).isEqualTo("WSS://example.org/x");
        assertThatThrownBy(() -> StreamTwiml.connect("https://example.org/twilio/media"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("<Stream> url \"https://example.org/twilio/media\" must start with wss:// (ws:// for local"
                        + " tests)");
        assertThatThrownBy(() -> StreamTwiml.connect("wss://example.org/twilio/media?call=1"))
                .hasMessageContaining("has a query string").hasMessageContaining("<Parameter>");
        assertThatThrownBy(() -> StreamTwiml.connect("wss://example.org/twilio/media#x"))
                .hasMessageContaining("has a fragment (#x)");
        assertThatThrownBy(() -> StreamTwiml.connect("wss:///twilio/media")).hasMessageContaining("no host");
        assertThatThrownBy(() -> StreamTwiml.connect("wss://example.org/a b")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> StreamTwiml.connect("/twilio/media")).hasMessageContaining("must start with wss://");
        assertThatThrownBy(() -> StreamTwiml.connect(null)).hasMessage("<Stream> url is null");
    }

    @Test
    void statusCallbackMustBeAnHttpUrl() {
        assertThatThrownBy(() -> StreamTwiml.connect(URL).statusCallback("wss://example.org/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statusCallback \"wss://example.org/status\" must start with https:// (http:// for local"
                        + " tests)");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).statusCallback("/twilio/status"))
                .hasMessageContaining("must start with https://");
        assertThatThrownBy(() -> StreamTwiml.connect(URL).statusCallbackMethod(null))
                .isInstanceOf(NullPointerException.class);
        assertThat(StreamTwiml.connect(URL).statusCallback("http://127.0.0.1:8080/twilio/status").build()
                .statusCallback()).contains("http://127.0.0.1:8080/twilio/status");
    }

    @Test
    void builtFromAPublicBaseUrl() {
        PublicBaseUrl base = PublicBaseUrl.parse("https://example.org/bot");
        String xml = StreamTwiml.connect(base.mediaStreamUrl()).statusCallback(base.httpUrl(PublicBaseUrl.STATUS_PATH))
                .toXml();
        assertThat(XmlTree.parse(xml).stream().attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "url", "wss://example.org/bot/twilio/media",
                "statusCallback", "https://example.org/bot/twilio/status"));
    }

    private static String text(Random random, int[] alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }
}
