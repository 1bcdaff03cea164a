package io.github.voxbridge.twilio.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message the server sends to Twilio on a bidirectional stream. Wire format:
 *
 * <pre>
 * {"event":"media","streamSid":"MZ…","media":{"payload":"&lt;base64 mu-law 8000 Hz mono, no header&gt;"}}
 * {"event":"mark","streamSid":"MZ…","mark":{"name":"utterance-7"}}
 * {"event":"clear","streamSid":"MZ…"}
 * </pre>
 *
 * <p>These records are for tests, tools and the occasional message; the per-frame hot path is
 * {@link OutboundMessageWriter}, which writes the same JSON without building records.
 */
public sealed interface OutboundMessage extends TwilioMessage {

    /** The stream the message is for; known from {@link InboundMessage.Start}. */
    String streamSid();

    /**
     * Audio for Twilio to queue and play.
     *
     * @param payload raw G.711 mu-law at 8000 Hz, never empty; owned by this message, not copied
     */
    record Media(String streamSid, byte[] payload) implements OutboundMessage {
        public Media {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(payload, "payload");
            if (payload.length == 0) {
                throw new IllegalArgumentException("empty media payload: Twilio gains nothing from it");
            }
        }

        @Override
        public String event() {
            return "media";
        }

        /** Compares the payload by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Media m && streamSid.equals(m.streamSid) && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return 31 * streamSid.hashCode() + Arrays.hashCode(payload);
        }

        /** Names the payload by its length only. */
        @Override
        public String toString() {
            return "Media[streamSid=" + streamSid + ", payload=" + payload.length + " bytes]";
        }
    }

    /** Asks Twilio to send {@code name} back once playback reaches this point of the queued audio. */
    record Mark(String streamSid, String name) implements OutboundMessage {
        public Mark {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String event() {
            return "mark";
        }
    }

    /** Asks Twilio to drop all queued audio now (barge-in); pending marks come back. */
    record Clear(String streamSid) implements OutboundMessage {
        public Clear {
            Objects.requireNonNull(streamSid, "streamSid");
        }

        @Override
        public String event() {
            return "clear";
        }
    }
}
