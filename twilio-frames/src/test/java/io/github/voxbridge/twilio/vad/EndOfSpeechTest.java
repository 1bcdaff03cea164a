package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end of speech: each clip at -20 dBFS after 1 s of -50 dBFS noise and followed by 1 s more, through a real
 * decoder. <b>True end</b>: the end of the last 10 ms block of the clean clip (on the detector's grid) at or above the
 * end threshold. The detector must report the end there (give or take the blocks the noise tips over), decided
 * exactly 300 ms later.
 */
class EndOfSpeechTest {

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16_000})
    void speechEndsWhereTheSpeechStopsDecided300msLater(int rate) {
        int block = VadSettings.defaults(rate).blockSamples();
        int k = 0;
        for (String name : SpeechClip.NAMES) {
            k++;
            SpeechClip clip = SpeechClip.load(name);
            int lead = 8000 + 29 * k;
            int length = lead + clip.samples().length + 8000;
            double[] speech = PhoneLine.placed(clip.scaledTo(-20), lead, length);
            double[] levels = SpeechClip.blockLevels(PhoneLine.atRate(speech, rate), block);
            int last = levels.length - 1;
            while (levels[last] < VadSettings.DEFAULT_END_THRESHOLD_DBFS) {
                last--;
            }
            long trueEnd = (long) (last + 1) * block;

            EventLog log = new EventLog();
            VoiceActivityDetector detector = VoiceActivityDetector.withDefaults(rate, log);
            PhoneLine.deliver(PhoneLine.mix(LineNoise.white(800 + k, length, -50), speech), rate, detector);
            List<EventLog.Event> events = log.events;
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).started()).as("event %d of %s alternates: %s", i, name, events)
                        .isEqualTo(i % 2 == 0);
            }
            EventLog.Event end = events.getLast();
            double errorMs = (end.atSample() - trueEnd) * 1000.0 / rate;
            System.out.printf("VAD end %d Hz %-10s true end %.3f s, reported %+.1f ms from it, %d events%n", rate, name,
                    trueEnd / (double) rate, errorMs, events.size());
            assertThat(end.started()).as("last event of %s: %s", name, events).isFalse();
            assertThat(errorMs).as("reported end of %s minus true end, ms", name).isBetween(-10.0, 30.0);
            assertThat(end.detectedAtSample() - end.atSample()).as("decision delay of the end, samples")
                    .isEqualTo(rate * 300L / 1000);
            assertThat(detector.isSpeaking()).isFalse();
        }
    }

    @Test
    void aStreamThatStopsMidSpeechEndsTheSpeechAtItsLastSample() {
        // "wait-stop" is loud for its first 300 ms: cut at 250 ms, the stream stops while the caller speaks.
        EventLog log = streamCutAfter(2000);
        assertThat(log.events).hasSize(2);
        assertThat(log.events.get(1)).isEqualTo(new EventLog.Event(false, 10_000, 10_000));
    }

    @Test
    void aStreamThatStopsDuringAPauseEndsTheSpeechWhereThePauseBegan() {
        // Cut at 500 ms: the pause after "wait," has begun (the quiet run is under way, shorter than 300 ms).
        EventLog log = streamCutAfter(4000);
        assertThat(log.events).hasSize(2);
        EventLog.Event end = log.events.get(1);
        assertThat(end.started()).isFalse();
        assertThat(end.detectedAtSample()).isEqualTo(12_000);
        assertThat(end.atSample()).as("start of the pause").isBetween(8000 + 2400L, 12_000L - 80);
    }

    private static EventLog streamCutAfter(int samples) {
        double[] cut = java.util.Arrays.copyOf(SpeechClip.load("wait-stop").scaledTo(-20), samples);
        int length = 8000 + samples;
        double[] line = PhoneLine.mix(LineNoise.white(900, length, -50), PhoneLine.placed(cut, 8000, length));
        EventLog log = new EventLog();
        VoiceActivityDetector detector = VoiceActivityDetector.withDefaults(8000, log);
        PhoneLine.deliver(line, 8000, detector);
        assertThat(detector.isSpeaking()).as("speaking when the stream stops").isTrue();
        assertThat(log.events).hasSize(1);
        detector.stop(new InboundMessage.Stop(1, "MZ0", "AC0", "CA0"));
        assertThat(detector.isSpeaking()).isFalse();
        detector.finish(); // idempotent: no second event
        return log;
    }
}
