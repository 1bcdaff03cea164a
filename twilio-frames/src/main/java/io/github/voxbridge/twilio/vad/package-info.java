/**
 * Voice activity detection on the caller's audio, for barge-in: {@link io.github.voxbridge.twilio.vad.VoiceActivityDetector}
 * tells when the caller starts and stops speaking, so that playback can be interrupted when they speak over it.
 *
 * <p>Its input is what an {@link io.github.voxbridge.twilio.stream.InboundTrackDecoder} delivers: 16-bit linear PCM at
 * 8000 or 16,000 Hz, gaps already filled with silence, in pieces of any length. The detector is itself an
 * {@link io.github.voxbridge.twilio.stream.InboundAudioListener}, so it can be given to the decoder directly, or fed
 * from a listener that also passes the audio on to speech recognition. Settings are in
 * {@link io.github.voxbridge.twilio.vad.VadSettings}; events go to a
 * {@link io.github.voxbridge.twilio.vad.SpeechActivityListener}.
 */
package io.github.voxbridge.twilio.vad;
