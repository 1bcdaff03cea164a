/**
 * Twilio Media Streams for voxbridge: the protocol ({@link io.github.voxbridge.twilio.protocol}), 20 ms framing and
 * inbound decoding ({@link io.github.voxbridge.twilio.stream}); the TTS-to-Twilio stream is to come.
 */
package io.github.voxbridge.twilio;
