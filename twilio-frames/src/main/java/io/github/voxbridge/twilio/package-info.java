/**
 * Twilio Media Streams protocol, 20 ms framing and the TTS-to-Twilio stream (to come).
 */
package io.github.voxbridge.twilio;
