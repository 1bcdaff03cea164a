/**
 * voxbridge Twilio test kit: {@link io.github.voxbridge.twilio.testkit.CallSimulator}, Twilio's side of a call for the
 * tests of a voice server (signed webhook, TwiML, the Media Streams WebSocket, playback on an 8 kHz clock, marks and
 * {@code clear}), and what the caller heard, recorded.
 *
 * <p>Uses only the JDK's HTTP and WebSocket client ({@code java.net.http}) and XML parser ({@code java.xml}).
 */
module io.github.voxbridge.twilio.testkit {
    requires transitive io.github.voxbridge.twilio; // PlaybackClock, the protocol records in the API
    requires io.github.voxbridge.dsp;
    requires java.net.http;
    requires jdk.management; // CallLoad: the process's CPU time (com.sun.management.OperatingSystemMXBean)
    requires java.xml;

    exports io.github.voxbridge.twilio.testkit;
}
