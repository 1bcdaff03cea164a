/**
 * The Twilio Media Streams server ({@link io.github.voxbridge.twilio.server.MediaStreamServer}): Jetty 12 on virtual
 * threads, one {@link io.github.voxbridge.twilio.server.call.CallHandler} per call.
 */
package io.github.voxbridge.twilio.server;
