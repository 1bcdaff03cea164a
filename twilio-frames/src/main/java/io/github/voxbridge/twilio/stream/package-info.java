/**
 * Audio to and from a Twilio stream: cutting mu-law into 20 ms frames ({@link
 * io.github.voxbridge.twilio.stream.FrameAssembler}), text to media messages ({@link
 * io.github.voxbridge.twilio.stream.TwilioTtsStream}), playing utterances on a call paced a little ahead of real
 * time with marks and barge-in ({@link io.github.voxbridge.twilio.stream.OutboundPlayer}), and turning a track's
 * media messages back into continuous PCM ({@link io.github.voxbridge.twilio.stream.InboundTrackDecoder}).
 */
package io.github.voxbridge.twilio.stream;
