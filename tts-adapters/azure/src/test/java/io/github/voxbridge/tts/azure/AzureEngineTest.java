package io.github.voxbridge.tts.azure;

import static io.github.voxbridge.tts.azure.FakeAzureServer.audioFor;
import static io.github.voxbridge.tts.azure.FakeAzureServer.startAudio;
import static io.github.voxbridge.tts.azure.FakeAzureServer.writePaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.WaitingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The engine against {@link FakeAzureServer}, a loopback server speaking Azure's REST text-to-speech protocol. */
class AzureEngineTest {

    /** Distinctive, so a test can search every output for it. */
    static final String KEY = "azkey0DISTINCTIVE9c4e1b7a2f";
    /** Guard against a hang; never an assertion about speed. */
    private static final long GUARD_SECONDS = 20;
    /** 100 ms of 8 kHz mu-law. */
    private static final int HUNDRED_MS = 800;

    private FakeAzureServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws IOException {
        server = new FakeAzureServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
        threads.shutdownNow();
    }

    private AzureEngine engine(String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", server.baseUrl()));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return AzureEngine.create(map, name -> null);
    }

    private static TtsException failure(AzureEngine engine, String text, RecordingSink sink) {
        try {
            engine.synthesize(text, sink, new CancellationToken());
        } catch (TtsException e) {
            return e;
        }
        throw new AssertionError("synthesize succeeded");
    }

    @Test
    void muLawIsPassedThroughExactlyAsTheServerSentIt() throws Exception {
        byte[] audio = audioFor("hello", 5 * HUNDRED_MS + 1);
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/basic"), audio, 0,
                audio.length, 1));
        try (AzureEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello there.", sink, new CancellationToken());
            assertThat(sink.formats).containsExactly(new AudioFormatSpec(SampleEncoding.MULAW, 8_000));
            assertThat(sink.bytes()).isEqualTo(audio);
            assertThat(sink.chunks()).isGreaterThan(1);
        }
        FakeAzureServer.Request request = server.requests.get(0);
        assertThat(server.requests).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/cognitiveservices/v1");
        assertThat(request.key()).isEqualTo(KEY);
        assertThat(request.contentType()).isEqualTo("application/ssml+xml");
        assertThat(request.outputFormat()).isEqualTo("raw-8khz-8bit-mono-mulaw");
        assertThat(request.userAgent()).isEqualTo("voxbridge");
        Element speak = request.ssml().getDocumentElement();
        assertThat(speak.getLocalName()).isEqualTo("speak");
        assertThat(speak.getNamespaceURI()).isEqualTo("http://www.w3.org/2001/10/synthesis");
        assertThat(speak.getAttribute("version")).isEqualTo("1.0");
        assertThat(speak.getAttributeNS(XMLConstants.XML_NS_URI, "lang")).isEqualTo("en-US");
        assertThat(request.voice().getAttribute("name")).isEqualTo("en-US-JennyNeural");
        assertThat(request.text()).isEqualTo("Hello there.");
    }

    @Test
    void twentyConcurrentSynthesesOnOneEngineAreEachComplete() throws Exception {
        server.respond((exchange, request) -> {
            byte[] audio = audioFor(request.text(), HUNDRED_MS + 2 * request.text().length() + 1);
            writePaced(startAudio(exchange, "audio/basic"), audio, 0, audio.length, 1);
        });
        try (AzureEngine engine = engine()) {
            List<Future<RecordingSink>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "This is call number " + i + ".";
                results.add(threads.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink;
                }));
            }
            for (int i = 0; i < 20; i++) {
                String text = "This is call number " + i + ".";
                assertThat(results.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS).bytes()).as(text)
                        .isEqualTo(audioFor(text, HUNDRED_MS + 2 * text.length() + 1));
            }
        }
        assertThat(server.requests).hasSize(20);
    }

    @Test
    void pcmAsksForRaw24kHzAndAnnouncesS16le() throws Exception {
        byte[] audio = audioFor("pcm", 4801);
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/x-wav"), audio, 0, audio.length,
                0));
        try (AzureEngine engine = engine("format", "pcm", "voice", "de-DE-KatjaNeural")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Guten Tag.", sink, new CancellationToken());
            assertThat(sink.formats).containsExactly(new AudioFormatSpec(SampleEncoding.S16LE, 24_000));
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        FakeAzureServer.Request request = server.requests.get(0);
        assertThat(request.outputFormat()).isEqualTo("raw-24khz-16bit-mono-pcm");
        assertThat(request.ssml().getDocumentElement().getAttributeNS(XMLConstants.XML_NS_URI, "lang"))
                .isEqualTo("de-DE");
        assertThat(request.voice().getAttribute("name")).isEqualTo("de-DE-KatjaNeural");
    }

    @Test
    void textWithMarkupCharactersIsSpokenAsWrittenNotInterpreted() throws Exception {
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/basic"), new byte[3], 0, 3, 0));
        List<String> texts = List.of(
                "1 < 2 & 3 > 2, \"quoted\" and 'single' \u00e9\u4e2d\ud83d\ude00",
                "<speak><voice name='en-US-GuyNeural'>injected</voice></speak>",
                "]]> <![CDATA[ x ]]> &amp; &#x41; <!-- not a comment -->",
                "tab\tline\ncr\r end");
        try (AzureEngine engine = engine()) {
            for (String text : texts) {
                engine.synthesize(text, new RecordingSink(), new CancellationToken());
            }
        }
        assertThat(server.requests).extracting(FakeAzureServer.Request::text)
                .containsExactly(texts.get(0), texts.get(1), texts.get(2), "tab\tline\ncr\n end");
        // The injected document is text: one voice element, the default one, with no child elements.
        FakeAzureServer.Request injected = server.requests.get(1);
        assertThat(injected.ssml().getElementsByTagNameNS("*", "voice").getLength()).isEqualTo(1);
        assertThat(injected.voice().getAttribute("name")).isEqualTo("en-US-JennyNeural");
        assertThat(injected.voice().getChildNodes().getLength()).isEqualTo(1);
        assertThat(injected.body()).doesNotContain("<speak><voice");
    }

    @Test
    void charactersXmlCannotCarryBecomeSpaces() {
        assertThat(SsmlBody.xmlChars("a\u0000b\u0007c\ud800d\uffffe\ud83d\ude00")).isEqualTo("a b c d e\ud83d\ude00");
        assertThat(SsmlBody.xmlChars("plain")).isSameAs("plain");
        assertThat(SsmlBody.xmlChars("end\udbff")).isEqualTo("end ");
    }

    @Test
    void unauthorizedIsAuth() throws Exception {
        try (AzureEngine engine = AzureEngine.create(Map.of("api-key", "wrong", "base-url", server.baseUrl()),
                name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("azure: HTTP 401");
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @Test
    void rateLimitedCarriesRetryAfter() throws Exception {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            FakeAzureServer.status(exchange, 429, "Too many requests");
        });
        try (AzureEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(e).hasMessage("azure: HTTP 429: 'Too many requests'");
            assertThat(sink.formats).isEmpty();
        }
    }

    @Test
    void serverErrorsAreUnavailableAndA415IsABadRequest() throws Exception {
        server.respond((exchange, request) -> FakeAzureServer.status(exchange, 500, ""));
        try (AzureEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("azure: HTTP 500");
        }
        server.respond((exchange, request) -> FakeAzureServer.status(exchange, 415, ""));
        try (AzureEngine engine = engine()) {
            assertThat(failure(engine, "Hello.", new RecordingSink()).kind()).isEqualTo(Kind.BAD_REQUEST);
        }
    }

    @Test
    void aBodyCutShortIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 30 * HUNDRED_MS);
        int whole = 20 * HUNDRED_MS;
        int end = whole + 1001;
        WaitingSink sink = new WaitingSink(whole);
        try (CutShortServer cut = new CutShortServer("audio/basic", "", audio, whole, end, sink.reached);
                AzureEngine engine = AzureEngine.create(Map.of("api-key", KEY, "base-url", cut.baseUrl()),
                        name -> null)) {
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(cut.failure()).isNull();
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("azure: connection lost after " + sink.bytes().length
                    + " bytes of the response from " + cut.baseUrl() + "/cognitiveservices/v1: ");
            assertThat(sink.format()).isEqualTo(AzureEngine.MULAW_FORMAT);
            assertThat(sink.bytes().length).isBetween(whole, end);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, sink.bytes().length));
        }
    }

    @Test
    void cancelMidStreamStopsWithinAChunk() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange, "audio/basic");
            writePaced(out, audioFor("start", HUNDRED_MS), 0, HUNDRED_MS, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            try {
                while (System.nanoTime() < deadline) { // keeps talking until the client hangs up
                    writePaced(out, audioFor("more", 101), 0, 101, 5);
                }
            } catch (IOException e) {
                clientClosed.countDown();
            }
        });
        try (AzureEngine engine = engine()) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            CancellationToken cancel = new CancellationToken();
            Future<TtsException> synthesis = threads.submit(() -> {
                try {
                    engine.synthesize("Hello.", sink, cancel);
                    return null;
                } catch (TtsException e) {
                    return e;
                }
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            int chunksAtCancel = sink.chunks();
            TtsException e = synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
            assertThat(sink.chunks()).as("at most one chunk after cancel()").isLessThanOrEqualTo(chunksAtCancel + 1);
            assertThat(clientClosed.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("server saw the connection closed")
                    .isTrue();
        }
    }

    @Test
    void textOverTheLimitIsRequestedInPiecesInOrderAsOneStream() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 12_000; i++) {
            text.append(i == 0 ? "" : " ").append("Sentence ").append(i).append(" tells the caller something new.");
        }
        server.respond((exchange, request) -> {
            byte[] audio = audioFor(request.text(), 3 * HUNDRED_MS + 1);
            writePaced(startAudio(exchange, "audio/basic"), audio, 0, audio.length, 0);
        });
        try (AzureEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text.toString(), sink, new CancellationToken());
            assertThat(server.requests).hasSizeGreaterThanOrEqualTo(3);
            List<String> inputs = server.requests.stream().map(FakeAzureServer.Request::text).toList();
            assertThat(inputs).allSatisfy(input -> assertThat(input.length())
                    .isLessThanOrEqualTo(AzureEngine.MAX_INPUT_CHARS));
            assertThat(String.join(" ", inputs)).isEqualTo(text.toString());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (String input : inputs) {
                expected.writeBytes(audioFor(input, 3 * HUNDRED_MS + 1));
            }
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void theRegionMakesTheEndpointFromTheOptionOrTheEnvironment() throws Exception {
        try (AzureEngine engine = AzureEngine.create(Map.of("api-key", KEY, "region", "WestEurope"), name -> null)) {
            assertThat(engine.toString()).contains(
                    "endpoint=https://westeurope.tts.speech.microsoft.com/cognitiveservices/v1");
        }
        Map<String, String> env = Map.of("AZURE_SPEECH_REGION", "eastus2", "AZURE_SPEECH_KEY", KEY);
        try (AzureEngine engine = AzureEngine.create(Map.of(), env::get)) {
            assertThat(engine.toString()).isEqualTo("AzureEngine[voice=en-US-JennyNeural, "
                    + "format=raw-8khz-8bit-mono-mulaw, endpoint=https://eastus2.tts.speech.microsoft.com"
                    + "/cognitiveservices/v1, " + engine.client().settings() + "]");
        }
    }

    @Test
    void aMissingKeyOrRegionFailsAtCreateNamingTheVariable() {
        for (Map<String, String> env : List.of(Map.<String, String>of("AZURE_SPEECH_REGION", "westeurope"),
                Map.of("AZURE_SPEECH_KEY", "  ", "AZURE_SPEECH_REGION", "westeurope"))) {
            assertThatThrownBy(() -> AzureEngine.create(Map.of(), env::get))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                    .hasMessage("azure: no API key: set AZURE_SPEECH_KEY or pass -E api-key=...");
        }
        assertThatThrownBy(() -> AzureEngine.create(Map.of(), Map.of("AZURE_SPEECH_KEY", KEY)::get))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("azure: no region: set AZURE_SPEECH_REGION or pass -E region=... (e.g. westeurope) or "
                        + "-E base-url=...");
    }

    @Test
    void badOptionsAreBadRequestsNamingTheValue() {
        assertBadRequest(Map.of("format", "mp3"), "azure: option format = 'mp3' is not mulaw "
                + "(raw-8khz-8bit-mono-mulaw) or pcm (raw-24khz-16bit-mono-pcm)");
        assertBadRequest(Map.of("voice", "Jenny"), "azure: option voice = 'Jenny' is not an Azure voice name such "
                + "as en-US-JennyNeural (language-REGION-Name)");
        assertBadRequest(Map.of("region", "evil.com/x"), "azure: option region = 'evil.com/x' is not an Azure "
                + "region name such as westeurope (letters and digits)");
        assertBadRequest(Map.of("base-url", "ftp://x"), "azure: option base-url = 'ftp://x' is not an http(s) URL "
                + "of the API root such as https://westeurope.tts.speech.microsoft.com");
        assertBadRequest(Map.of("voise", "x"), "azure: unknown option 'voise' (known: api-key, base-url, "
                + "connect-timeout-ms, first-byte-timeout-ms, format, max-concurrent, region, voice)");
    }

    private static void assertBadRequest(Map<String, String> options, String message) {
        Map<String, String> all = new HashMap<>(options);
        all.put("api-key", "k");
        all.putIfAbsent("region", "westeurope");
        assertThatThrownBy(() -> AzureEngine.create(all, name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void theKeyNeverAppearsInAnyOutput() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (int status : new int[] {400, 401, 429, 500, 503}) {
            server.respond((exchange, request) -> FakeAzureServer.status(exchange, status, "bad key " + KEY));
            try (AzureEngine engine = engine()) {
                TtsException e = failure(engine, "Hello.", new RecordingSink());
                assertThat(e.getMessage()).contains("bad key [redacted]");
                outputs.add(everything(e));
                outputs.add(engine.toString());
            }
        }
        try (AzureEngine engine = AzureEngine.create(Map.of("api-key", KEY, "base-url", "http://127.0.0.1:1"),
                name -> null)) {
            outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
        }
        for (Map<String, String> bad : List.of(Map.of("api-key", KEY, "region", "x y"),
                Map.of("api-key", KEY, "format", "wav"), Map.of("api-key", KEY + "\n" + KEY, "region", "westus"),
                Map.of("api-key", KEY))) {
            try {
                AzureEngine.create(bad, name -> null).close();
                throw new AssertionError("created with " + bad.keySet());
            } catch (TtsException e) {
                outputs.add(everything(e));
            }
        }
        outputs.add(new AzureEngineProvider().description());
        assertThat(outputs).hasSize(16).allSatisfy(output -> assertThat(output).doesNotContain(KEY)
                .doesNotContain(KEY.substring(6, 17)));
    }

    /** The toString (class and message) of {@code e}, of each of its causes and of their suppressed exceptions. */
    private static String everything(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                out.append("suppressed: ").append(everything(s));
            }
        }
        return out.toString();
    }

    @Test
    void blankTextSendsNothingAndACancelledTokenSendsNothing() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        try (AzureEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(" \n", sink, new CancellationToken());
            assertThat(sink.formats).isEmpty();
            assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aClosedEngineRefusesWork() throws Exception {
        AzureEngine engine = engine();
        engine.close();
        assertThat(engine.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessage("Azure engine is closed");
    }
}
