/**
 * The Twilio Media Streams server ({@link io.github.voxbridge.twilio.server.MediaStreamServer}): Jetty 12 for HTTP,
 * the media stream's WebSocket on Jetty's selector threads, one {@link io.github.voxbridge.twilio.server.call.CallHandler}
 * per call on a virtual thread of its own.
 */
package io.github.voxbridge.twilio.server;
