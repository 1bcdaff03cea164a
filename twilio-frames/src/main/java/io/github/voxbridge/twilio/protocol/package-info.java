/**
 * The Twilio Media Streams WebSocket protocol: message records ({@link
 * io.github.voxbridge.twilio.protocol.InboundMessage}, {@link io.github.voxbridge.twilio.protocol.OutboundMessage}),
 * a strict, typed-error reader and writer ({@link io.github.voxbridge.twilio.protocol.TwilioCodec}), and the
 * garbage-free per-frame writer ({@link io.github.voxbridge.twilio.protocol.OutboundMessageWriter}).
 */
package io.github.voxbridge.twilio.protocol;
