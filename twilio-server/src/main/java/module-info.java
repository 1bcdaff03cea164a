/**
 * voxbridge Twilio server: a Media Streams server ({@code io.github.voxbridge.twilio.server}) with a call handler per
 * call ({@code io.github.voxbridge.twilio.server.call}) and ready-made handlers ({@code ...server.handlers}), built on
 * pieces that need no transport: verifying Twilio's request signatures ({@code ...server.signature}) and writing the
 * TwiML that connects a call to a Media Stream ({@code ...server.twiml}).
 *
 * <p>Jetty 12 serves HTTP and the WebSocket, Micrometer's Prometheus registry the metrics; neither appears in the
 * call API, so handlers depend on voxbridge types only.
 */
module io.github.voxbridge.twilio.server {
    requires java.xml;
    requires transitive io.github.voxbridge.twilio;
    requires transitive micrometer.registry.prometheus; // MediaStreamServer.meterRegistry()
    requires micrometer.core;
    requires org.eclipse.jetty.server;
    requires com.fasterxml.jackson.databind;

    exports io.github.voxbridge.twilio.server;
    exports io.github.voxbridge.twilio.server.call;
    exports io.github.voxbridge.twilio.server.handlers;
    exports io.github.voxbridge.twilio.server.signature;
    exports io.github.voxbridge.twilio.server.twiml;
}
