package io.github.voxbridge.twilio.vad;

import java.util.ArrayList;
import java.util.List;

/** Records a detector's events in order, as text that shows in a failed assertion. */
final class EventLog implements SpeechActivityListener {

    /** One event: {@code started} or ended, where it happened and where it was decided (samples). */
    record Event(boolean started, long atSample, long detectedAtSample) {
        @Override
        public String toString() {
            return (started ? "start@" : "end@") + atSample + "/" + detectedAtSample;
        }
    }

    final List<Event> events = new ArrayList<>();

    @Override
    public void speechStarted(long onsetSample, long detectedAtSample) {
        events.add(new Event(true, onsetSample, detectedAtSample));
    }

    @Override
    public void speechEnded(long endSample, long detectedAtSample) {
        events.add(new Event(false, endSample, detectedAtSample));
    }

    Event firstStart() {
        return events.stream().filter(Event::started).findFirst().orElse(null);
    }

    long starts() {
        return events.stream().filter(Event::started).count();
    }
}
