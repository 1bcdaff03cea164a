package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.framesOut;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.cli.SpeakHarness.WatchedOutput;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.azure.FakeAzureServer;
import io.github.voxbridge.tts.cartesia.FakeCartesiaSocket;
import io.github.voxbridge.tts.deepgram.FakeDeepgramRest;
import io.github.voxbridge.tts.deepgram.FakeDeepgramSocket;
import io.github.voxbridge.tts.elevenlabs.FakeElevenLabsHttp;
import io.github.voxbridge.tts.elevenlabs.FakeElevenLabsSocket;
import io.github.voxbridge.tts.openai.FakeOpenAiServer;
import io.github.voxbridge.tts.polly.FakePollyServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's streaming line, at the command line: "the first media message leaves within one 20 ms frame of the
 * first audio byte (test with a fake that sends 100 ms, then pauses)". For each streaming engine the vendor's fake
 * sends 100 ms of audio, then holds the rest until this test lets it go; while it holds, {@code speak} must already
 * have written the media messages of those 100 ms, and they must be the pipeline's frames of them.
 *
 * <p>How many: with mu-law 8 kHz (ElevenLabs, Deepgram, Cartesia, Azure, Polly) the bytes pass through and are framed as soon as 160 are
 * in, so all 5 frames of 100 ms. OpenAI's 24 kHz PCM goes through the resampler, whose output lags its input by the
 * filter's group delay (half its length, about 1 ms at {@code --quality telephony}): the frames out are those the
 * resampler has made of 2,400 samples ({@link SpeakHarness#framesOut}), 4 of the 5, the fifth waiting for the delay's
 * worth of samples. Both are within one 20 ms frame of the audio received.
 *
 * <p>Google is not here: its {@code text:synthesize} answers with one JSON body holding base64 audio, which cannot
 * be decoded before the body ends, so it has no first 100 ms to stream.
 */
class FirstFrameStreamingTest {

    private static final String KEY = "stream-cli-test-0123456789SECRET";
    private static final AudioFormatSpec PCM_24K = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);
    private static final long GUARD_SECONDS = 20;

    @TempDir
    Path dir;

    /** A running fake and the {@code speak} options that point the engine at it (and give the key). */
    record Fake(AutoCloseable server, List<String> options) {
    }

    /** Starts a fake that sends {@code audio[0, first)}, waits for {@code release}, then sends the rest and ends. */
    @FunctionalInterface
    interface FakeStarter {
        Fake start(byte[] audio, int first, CountDownLatch release) throws Exception;
    }

    /** One streaming engine: its name, the format its fake sends and how many bytes 100 ms of it are. */
    record StreamingEngine(String label, String engine, AudioFormatSpec format, int hundredMs, FakeStarter fake) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<StreamingEngine> engines() {
        return Stream.of(
                new StreamingEngine("openai", "openai", PCM_24K, 4800, (audio, first, release) -> {
                    FakeOpenAiServer s = new FakeOpenAiServer(KEY);
                    s.respond((exchange, request) -> {
                        OutputStream out = FakeOpenAiServer.startAudio(exchange);
                        FakeOpenAiServer.writePaced(out, audio, 0, first, 0);
                        await(release);
                        FakeOpenAiServer.writePaced(out, audio, first, audio.length, 0);
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl()));
                }),
                new StreamingEngine("deepgram websocket", "deepgram", MULAW_8K, 800, (audio, first, release) -> {
                    FakeDeepgramSocket s = new FakeDeepgramSocket(KEY);
                    s.script(c -> {
                        c.audio(audio, 0, first);
                        await(release);
                        c.audio(audio, first, audio.length);
                        c.flushed();
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl()));
                }),
                new StreamingEngine("deepgram rest", "deepgram", MULAW_8K, 800, (audio, first, release) -> {
                    FakeDeepgramRest s = new FakeDeepgramRest(KEY);
                    s.respond((exchange, request) -> {
                        exchange.getResponseHeaders().set("Content-Type", "audio/basic");
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        out.write(audio, 0, first);
                        out.flush();
                        await(release);
                        out.write(audio, first, audio.length - first);
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl(), "-E",
                            "transport=rest"));
                }),
                new StreamingEngine("elevenlabs websocket", "elevenlabs", MULAW_8K, 800, (audio, first, release) -> {
                    FakeElevenLabsSocket s = new FakeElevenLabsSocket(KEY);
                    s.script(c -> {
                        c.audio(audio, 0, first);
                        await(release);
                        c.audio(audio, first, audio.length);
                        c.end();
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl()));
                }),
                new StreamingEngine("elevenlabs http", "elevenlabs", MULAW_8K, 800, (audio, first, release) -> {
                    FakeElevenLabsHttp s = new FakeElevenLabsHttp(KEY);
                    s.respond((exchange, request) -> {
                        exchange.getResponseHeaders().set("Content-Type", "audio/basic");
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream out = exchange.getResponseBody();
                        out.write(audio, 0, first);
                        out.flush();
                        await(release);
                        out.write(audio, first, audio.length - first);
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl(), "-E",
                            "transport=http"));
                }),
                new StreamingEngine("cartesia", "cartesia", MULAW_8K, 800, (audio, first, release) -> {
                    FakeCartesiaSocket s = new FakeCartesiaSocket(KEY);
                    s.script((c, context) -> {
                        c.chunks(context, audio, 0, first);
                        await(release);
                        c.chunks(context, audio, first, audio.length);
                        c.done(context);
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl()));
                }),
                new StreamingEngine("azure", "azure", MULAW_8K, 800, (audio, first, release) -> {
                    FakeAzureServer s = new FakeAzureServer(KEY);
                    s.respond((exchange, request) -> {
                        OutputStream out = FakeAzureServer.startAudio(exchange, "audio/basic");
                        FakeAzureServer.writePaced(out, audio, 0, first, 0);
                        await(release);
                        FakeAzureServer.writePaced(out, audio, first, audio.length, 0);
                    });
                    return new Fake(s, List.of("-E", "api-key=" + KEY, "-E", "base-url=" + s.baseUrl()));
                }),
                new StreamingEngine("polly", "polly", MULAW_8K, 800, (audio, first, release) -> {
                    FakePollyServer s = new FakePollyServer(SpeakPollyTest.ACCESS_KEY_ID, SpeakPollyTest.REGION);
                    s.respond((exchange, request) -> {
                        OutputStream out = FakePollyServer.startAudio(exchange, "audio/mulaw", 21);
                        FakePollyServer.writePaced(out, audio, 0, first, 0);
                        await(release);
                        FakePollyServer.writePaced(out, audio, first, audio.length, 0);
                    });
                    return new Fake(s, List.of("-E", "base-url=" + s.baseUrl(), "-E",
                            "region=" + SpeakPollyTest.REGION));
                }));
    }

    private static void await(CountDownLatch release) throws InterruptedException {
        if (!release.await(GUARD_SECONDS + 10, TimeUnit.SECONDS)) {
            throw new AssertionError("never released");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theFramesOfTheFirst100msLeaveWhileTheFakePauses(StreamingEngine engine) throws Exception {
        // 300 ms (and one byte for mu-law, so the last frame is padded): every mu-law code, or PCM-like bytes.
        byte[] audio = engine.format().equals(PCM_24K) ? FakeOpenAiServer.audioFor("streamed", 3 * engine.hundredMs())
                : SpeakDeepgramTest.codes(3 * engine.hundredMs() + 1);
        int expectedWhilePaused = framesOut(engine.format(), engine.hundredMs());
        // Within one 20 ms frame of the audio received: 5 frames of mu-law, 4 of resampled PCM.
        assertEquals(engine.format().equals(MULAW_8K) ? 5 : 4, expectedWhilePaused);
        List<String> expected = expectedJsonl(audio, engine.format(), dir);

        CountDownLatch release = new CountDownLatch(1);
        SpeakPollyTest.useCredentials(SpeakPollyTest.ACCESS_KEY_ID, SpeakPollyTest.SECRET);
        Fake fake = engine.fake().start(audio, engine.hundredMs(), release);
        try (AutoCloseable server = fake.server()) {
            List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine",
                    engine.engine()));
            args.addAll(fake.options());
            WatchedOutput stdout = new WatchedOutput();
            AtomicReference<Run> result = new AtomicReference<>();
            Thread speak = Thread.ofPlatform().name("speak-" + engine.engine()).start(() -> result.set(
                    run(new ByteArrayInputStream(new byte[0]), stdout, args.toArray(String[]::new))));
            try {
                // The fake is holding the rest of the audio until release, below.
                List<String> whilePaused = stdout.awaitLines(expectedWhilePaused, GUARD_SECONDS);
                assertEquals(expected.subList(0, expectedWhilePaused), whilePaused.subList(0, expectedWhilePaused));
            } finally {
                release.countDown();
                speak.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            }
            assertFalse(speak.isAlive(), "speak did not end");
            Run run = result.get();
            assertSucceeded(run);
            assertEquals(expected, run.lines());
        } finally {
            SpeakPollyTest.clearCredentials();
        }
    }
}
