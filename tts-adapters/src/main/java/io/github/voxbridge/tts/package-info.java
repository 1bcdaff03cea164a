/**
 * TTS engine interface and adapters (to come: see the text-to-Twilio issue).
 */
package io.github.voxbridge.tts;
