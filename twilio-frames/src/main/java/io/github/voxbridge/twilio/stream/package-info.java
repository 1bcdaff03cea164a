/**
 * Audio to and from a Twilio stream: cutting mu-law into 20 ms frames ({@link
 * io.github.voxbridge.twilio.stream.FrameAssembler}) and turning a track's media messages back into continuous PCM
 * ({@link io.github.voxbridge.twilio.stream.InboundTrackDecoder}).
 */
package io.github.voxbridge.twilio.stream;
