package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.TtsException;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Utterance} ended. Every utterance ends exactly once, in one of four ways:
 * <ul>
 *   <li>{@link Played}: Twilio echoed the utterance's mark, so playback reached its end: the caller heard it all.</li>
 *   <li>{@link Interrupted}: {@link OutboundPlayer#interrupt()} was called before the mark came back.</li>
 *   <li>{@link Failed}: the engine failed; the frames made before the failure were sent and play.</li>
 *   <li>{@link Ended}: the stream ended first ({@code stop} from Twilio, {@link OutboundPlayer#close()}, or a
 *       broken connection).</li>
 * </ul>
 * Frames are 20 ms of 8 kHz mu-law each; {@link #framesSent()} counts the media messages of the utterance handed to
 * the transport.
 */
public sealed interface PlaybackOutcome {

    /** Media messages of the utterance that were sent, 20 ms of audio each. */
    long framesSent();

    /** The audio sent: {@code framesSent() * 20 ms}. */
    default Duration audioSent() {
        return Duration.ofMillis(framesSent() * 20);
    }

    /** Heard in full: Twilio echoed the mark that follows the utterance's last frame. */
    record Played(long framesSent) implements PlaybackOutcome {
    }

    /**
     * Stopped by a barge-in before Twilio confirmed the end of the utterance.
     *
     * @param framesSent    frames sent before the interruption (all of them if the utterance was only waiting for
     *                      its mark; 0 if it had not started)
     * @param heardEstimate how much of the sent audio had been played when {@code interrupt()} was called, by the
     *                      player's clock: it assumes Twilio plays each frame on receipt, so network and jitter
     *                      delay make the true figure somewhat smaller. Twilio reports nothing finer than marks.
     */
    record Interrupted(long framesSent, Duration heardEstimate) implements PlaybackOutcome {
        public Interrupted {
            Objects.requireNonNull(heardEstimate, "heardEstimate");
        }
    }

    /**
     * The engine failed (after the frames already sent, which are not taken back). No mark follows a failed
     * utterance; the next one in the queue plays.
     */
    record Failed(long framesSent, TtsException error) implements PlaybackOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The stream ended (stop, close, broken connection) before the utterance was heard in full. */
    record Ended(long framesSent) implements PlaybackOutcome {
    }
}
