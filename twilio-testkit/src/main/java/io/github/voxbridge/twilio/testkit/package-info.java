/**
 * Twilio's side of a phone call, for the tests of a Twilio Media Streams voice server.
 * {@link io.github.voxbridge.twilio.testkit.CallSimulator} posts the signed voice webhook
 * ({@link io.github.voxbridge.twilio.testkit.TwilioSignature}), follows the TwiML's {@code <Connect><Stream>}
 * ({@link io.github.voxbridge.twilio.testkit.StreamTwiml}), opens the signed WebSocket, sends {@code connected},
 * {@code start}, the caller's {@code media} every 20 ms ({@link io.github.voxbridge.twilio.testkit.CallerAudio}),
 * {@code dtmf} and {@code stop}, and plays what the server sends on an 8000 Hz clock: marks echoed when playback
 * reaches them, {@code clear} honoured at once. What the caller heard is a
 * {@link io.github.voxbridge.twilio.testkit.CallRecording}: the timeline ({@link io.github.voxbridge.twilio.testkit.TimelineSpan}:
 * frames, underrun gaps, silence), marks, clears, protocol errors, the audio itself and a
 * {@link io.github.voxbridge.twilio.testkit.CallSummary}. With a shared {@link io.github.voxbridge.twilio.testkit.ManualClock}
 * a test decides every time exactly.
 */
package io.github.voxbridge.twilio.testkit;
