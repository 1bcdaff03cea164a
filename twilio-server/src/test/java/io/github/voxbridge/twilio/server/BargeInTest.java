package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import io.github.voxbridge.twilio.stream.PlaybackOutcome;
import io.github.voxbridge.twilio.stream.Utterance;
import io.github.voxbridge.twilio.testkit.CallRecording;
import io.github.voxbridge.twilio.testkit.CallSimulator;
import io.github.voxbridge.twilio.testkit.CallerAudio;
import io.github.voxbridge.twilio.testkit.ClearRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Barge-in end to end, in real time: the server plays a 5 s greeting; the simulated caller is silent but for line
 * noise at -50 dBFS, then says "Wait, stop. I have a question." (espeak-ng, testdata/speech) 1 s into the greeting.
 * The server must send {@code clear} within 150 ms of the speech's onset (the detector's 100 ms and a frame), never
 * before it, and the utterance's outcome must report what the caller heard within one frame.
 */
class BargeInTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Where the caller starts speaking, in samples at 8000 Hz from the stream's start: 1 s. */
    private static final int SPEECH_AT = 8000;
    private MediaStreamServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The clip, 16-bit PCM at 8000 Hz. */
    static short[] clip(String name) throws Exception {
        String root = System.getProperty("voxbridge.testdata");
        Path file = (root != null ? Path.of(root) : Path.of("..", "testdata")).resolve("speech/" + name + "-8k.wav");
        try (WavReader reader = WavReader.open(file)) {
            assertThat(reader.format().sampleRate()).isEqualTo(8000);
            return reader.readAllShorts();
        }
    }

    /** The first sample of the first 10 ms block whose level is above -40 dBFS: where the speech audibly starts. */
    static int onset(short[] pcm) {
        for (int block = 0; block + 80 <= pcm.length; block += 80) {
            double sum = 0;
            for (int i = block; i < block + 80; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            double dbfs = 10 * Math.log10(sum / 80 / (32768.0 * 32768.0) + 1e-20);
            if (dbfs > -40) {
                return block;
            }
        }
        throw new AssertionError("no speech in the clip");
    }

    @Test
    void callerSpeechOneSecondIntoAGreetingClearsItWithin150msAndTheOutcomeSaysWhatWasHeard() throws Exception {
        short[] speech = clip("wait-stop");
        int length = SPEECH_AT + speech.length + 8000;
        short[] line = new short[length];
        Random noise = new Random(13);
        double noiseRms = 32768 * Math.pow(10, -50 / 20.0);
        for (int i = 0; i < length; i++) {
            double s = noise.nextGaussian() * noiseRms + (i >= SPEECH_AT && i < SPEECH_AT + speech.length
                    ? speech[i - SPEECH_AT] : 0);
            line[i] = (short) Math.max(-32768, Math.min(32767, Math.round(s)));
        }
        byte[] codes = new byte[length];
        MuLaw.encode(line, 0, codes, 0, length);
        int onsetSample = SPEECH_AT + onset(speech);

        CompletableFuture<Utterance> greeting = new CompletableFuture<>();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        server = MediaStreamServer.builder(new ToneEngine(), () -> new CallHandler() {
            @Override
            public void onStart(Call call) {
                greeting.complete(call.say("5000 ms"));
            }

            @Override
            public void onSpeechStarted(Call call) {
                events.add("speech started");
            }

            @Override
            public void onSpeechEnded(Call call) {
                events.add("speech ended");
            }
        }).host("127.0.0.1").port(0).start();

        try (CallSimulator call = CallSimulator.builder().timeout(WAIT)
                .webhook(java.net.URI.create("http://127.0.0.1:" + server.port() + "/twilio/voice"))
                .callerAudio(CallerAudio.muLaw(codes)).build()) {
            call.start();
            CallRecording r = call.await(rec -> !rec.clears().isEmpty(), WAIT);
            PlaybackOutcome outcome = greeting.get(10, TimeUnit.SECONDS).outcome().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("speech started");

            // The simulator sends the 160 samples of chunk k (from 1) at start + 20k ms: the onset's sample is on
            // the wire at the end of its frame, and that is when the server can first know of it.
            long onsetSentNanos = r.startNanos() + (onsetSample / 160 + 1) * 20_000_000L;
            List<ClearRecord> clears = r.clears();
            assertThat(clears).hasSize(1);
            double clearAfterOnsetMs = (clears.getFirst().atNanos() - onsetSentNanos) / 1e6;
            System.out.printf("barge-in: speech onset at %.1f ms of the call, clear %.1f ms after it was sent;"
                    + " heard %.1f ms (server's estimate %s)%n", onsetSample / 8.0, clearAfterOnsetMs,
                    r.summary().heardMillis(), outcome);
            assertThat(clearAfterOnsetMs).as("clear after the speech onset (ms)").isBetween(0.0, 150.0);

            assertThat(outcome).isInstanceOf(PlaybackOutcome.Interrupted.class);
            double heardEstimate = ((PlaybackOutcome.Interrupted) outcome).heardEstimate().toNanos() / 1e6;
            assertThat(heardEstimate).as("heard (ms), the server's estimate against the simulator's playback")
                    .isCloseTo(r.summary().heardMillis(), Offset.offset(20.0));
            assertThat(r.summary().heardMillis()).as("the caller heard the greeting up to the barge-in")
                    .isBetween(onsetSample / 8.0, onsetSample / 8.0 + 200);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("speech ended");
        }
        assertThat(server.meterRegistry().get("voxbridge.barge.ins").counter().count()).isEqualTo(1);
        assertThat(server.meterRegistry().get("voxbridge.clears").counter().count()).isEqualTo(1);
    }
}
