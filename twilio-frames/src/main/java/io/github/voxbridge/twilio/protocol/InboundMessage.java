package io.github.voxbridge.twilio.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message Twilio sends to the server's WebSocket. Wire format, as {@link TwilioCodec} reads it:
 *
 * <pre>
 * {"event":"connected","protocol":"Call","version":"1.0.0"}
 * {"event":"start","sequenceNumber":"1","streamSid":"MZ…",
 *  "start":{"accountSid":"AC…","callSid":"CA…","streamSid":"MZ…","tracks":["inbound"],
 *           "customParameters":{"k":"v"},
 *           "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}
 * {"event":"media","sequenceNumber":"3","streamSid":"MZ…",
 *  "media":{"track":"inbound","chunk":"2","timestamp":"40","payload":"&lt;base64 mu-law&gt;"}}
 * {"event":"dtmf","sequenceNumber":"5","streamSid":"MZ…","dtmf":{"track":"inbound_track","digit":"1"}}
 * {"event":"mark","sequenceNumber":"4","streamSid":"MZ…","mark":{"name":"utterance-7"}}
 * {"event":"stop","sequenceNumber":"9","streamSid":"MZ…","stop":{"accountSid":"AC…","callSid":"CA…"}}
 * </pre>
 *
 * <p>{@code sequenceNumber}, {@code chunk} and {@code timestamp} are decimal <em>strings</em> on the wire and
 * {@code long}s here; {@code sampleRate} and {@code channels} are JSON numbers on the wire. An event this version
 * does not know becomes {@link Unknown}.
 */
public sealed interface InboundMessage extends TwilioMessage {

    /** The first message of every stream: which protocol the messages that follow speak. */
    record Connected(String protocol, String version) implements InboundMessage {
        public Connected {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String event() {
            return "connected";
        }
    }

    /**
     * The encoding of the stream's audio. Twilio documents exactly one: {@value #MULAW}, 8000 Hz, 1 channel.
     *
     * @param encoding   MIME type, e.g. {@value #MULAW}
     * @param sampleRate samples per second per channel, in Hz
     * @param channels   number of channels
     */
    record MediaFormat(String encoding, int sampleRate, int channels) {
        /** The MIME type of G.711 mu-law, the only encoding Twilio sends. */
        public static final String MULAW = "audio/x-mulaw";
        /** What every Twilio stream carries: mu-law, 8000 Hz, mono. */
        public static final MediaFormat TWILIO = new MediaFormat(MULAW, 8000, 1);

        public MediaFormat {
            Objects.requireNonNull(encoding, "encoding");
        }
    }

    /**
     * Metadata of the stream, sent once after {@link Connected}. From here on {@link #streamSid()} addresses
     * everything the server sends back.
     *
     * @param customParameters the TwiML {@code <Parameter name value>} pairs, in document order; empty if none
     */
    record Start(long sequenceNumber, String streamSid, String accountSid, String callSid, List<String> tracks,
                 Map<String, String> customParameters, MediaFormat mediaFormat) implements InboundMessage {
        public Start {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(accountSid, "accountSid");
            Objects.requireNonNull(callSid, "callSid");
            tracks = List.copyOf(tracks);
            customParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customParameters));
            Objects.requireNonNull(mediaFormat, "mediaFormat");
        }

        @Override
        public String event() {
            return "start";
        }
    }

    /**
     * 20 ms (usually) of one track's audio.
     *
     * @param track     {@code "inbound"} (the caller) or {@code "outbound"} (what the call plays)
     * @param chunk     counts the media messages of this track, from 1
     * @param timestamp milliseconds from the start of the stream to the first sample of the payload
     * @param payload   raw G.711 mu-law bytes, one per sample at 8000 Hz; owned by this message, not copied
     */
    record Media(long sequenceNumber, String streamSid, String track, long chunk, long timestamp, byte[] payload)
            implements InboundMessage {
        public Media {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(track, "track");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public String event() {
            return "media";
        }

        /** Compares the payload by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Media m && sequenceNumber == m.sequenceNumber && streamSid.equals(m.streamSid)
                    && track.equals(m.track) && chunk == m.chunk && timestamp == m.timestamp
                    && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sequenceNumber, streamSid, track, chunk, timestamp, Arrays.hashCode(payload));
        }

        /** Names the payload by its length only. */
        @Override
        public String toString() {
            return "Media[sequenceNumber=" + sequenceNumber + ", streamSid=" + streamSid + ", track=" + track
                    + ", chunk=" + chunk + ", timestamp=" + timestamp + ", payload=" + payload.length + " bytes]";
        }
    }

    /**
     * A key the caller pressed.
     *
     * @param track {@code "inbound_track"} in Twilio's documentation (note: not {@code "inbound"} as in media)
     * @param digit {@code 0}-{@code 9}, {@code *}, {@code #} (passed through as sent)
     */
    record Dtmf(long sequenceNumber, String streamSid, String track, String digit) implements InboundMessage {
        public Dtmf {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(track, "track");
            Objects.requireNonNull(digit, "digit");
        }

        @Override
        public String event() {
            return "dtmf";
        }
    }

    /**
     * Twilio echoing a mark the server sent: playback reached it, or a {@code clear} discarded the audio before it.
     */
    record Mark(long sequenceNumber, String streamSid, String name) implements InboundMessage {
        public Mark {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String event() {
            return "mark";
        }
    }

    /** The stream ended (the call hung up or the stream was stopped). The last message. */
    record Stop(long sequenceNumber, String streamSid, String accountSid, String callSid) implements InboundMessage {
        public Stop {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(accountSid, "accountSid");
            Objects.requireNonNull(callSid, "callSid");
        }

        @Override
        public String event() {
            return "stop";
        }
    }

    /**
     * A message whose {@code event} this version does not know. Twilio adds events over time; they are passed up,
     * never fatal, so a handler can log or ignore them.
     *
     * @param event the event name as sent
     * @param json  the whole message as received
     */
    record Unknown(String event, String json) implements InboundMessage {
        public Unknown {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(json, "json");
        }
    }
}
