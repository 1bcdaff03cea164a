package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real thing: FreeTTS speaks, the stream frames it, the frames decode to speech in the telephone band. */
class FreeTtsToTwilioTest {

    private static TtsEngine engine;

    @BeforeAll
    static void loadVoice() throws Exception {
        engine = TtsEngines.create("freetts");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Samples at 8 kHz the engine's own output for {@code text} becomes: {@code ceil(n * 8000 / rate)}. */
    private static long engineSamplesAt8kHz(String text) throws TtsException {
        AudioFormatSpec[] format = new AudioFormatSpec[1];
        long[] bytes = {0};
        engine.synthesize(text, new AudioSink() {
            @Override
            public void format(AudioFormatSpec f) {
                format[0] = f;
            }

            @Override
            public void audio(byte[] chunk, int off, int len) {
                bytes[0] += len;
            }
        }, new CancellationToken());
        long samples = bytes[0] / format[0].encoding().bytesPerSample();
        return Math.ceilDiv(samples * 8000, format[0].sampleRate());
    }

    @Test
    void aSentenceBecomesFramesOfAudibleTelephoneBandSpeech() throws TtsException {
        String text = "Hello from voxbridge. Your call is important to us.";
        TwilioTtsStream stream = TwilioTtsStream.builder(engine).streamSid(TwilioTtsStreamTest.SID).build();
        List<String> messages = new ArrayList<>();
        GenerationStats stats;
        try (MediaMessages m = stream.generate(text)) {
            m.forEachRemaining(messages::add);
            stats = m.stats();
        }
        byte[] ulaw = TwilioTtsStreamTest.payloads(messages);
        double seconds = ulaw.length / 8000.0;
        System.out.printf("freetts -> twilio: %d frames, %.2f s of audio, first frame after %.1f ms, RTF %.3f%n",
                messages.size(), seconds, stats.firstMessageNanos() / 1e6, stats.realTimeFactor());
        // The engine's audio resampled to 8 kHz (delay-compensated, so ceil(n / 2) samples), whole frames.
        long samples = engineSamplesAt8kHz(text);
        assertThat(messages).hasSize((int) Math.ceilDiv(samples, FrameAssembler.FRAME_BYTES));
        assertThat(stats.audioSeconds()).isEqualTo(messages.size() * 0.020);
        assertThat(stats.engineSeconds()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.021));

        short[] pcm = new short[ulaw.length];
        MuLaw.decode(ulaw, 0, pcm, 0, ulaw.length);
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / pcm.length);
        assertThat(rms).as("RMS in 16-bit units").isGreaterThan(500);

        int n = Integer.highestOneBit(pcm.length);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pcm[i];
        }
        Complex[] spectrum = new FastFourierTransformer(DftNormalization.STANDARD).transform(x, TransformType.FORWARD);
        double voice = 0;
        double total = 0;
        for (int k = 1; k < n / 2; k++) {
            double hz = k * 8000.0 / n;
            double power = spectrum[k].abs() * spectrum[k].abs();
            total += power;
            if (hz >= 100 && hz <= 3400) {
                voice += power;
            }
        }
        assertThat(voice / total).as("share of energy in 100-3400 Hz").isGreaterThan(0.9);
    }
}
