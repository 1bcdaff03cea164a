/**
 * What every engine does with the audio it receives, written once: {@link
 * io.github.voxbridge.tts.transport.audio.SinkFeed} announces the format before the first bytes and passes the bytes
 * on untouched.
 */
package io.github.voxbridge.tts.transport.audio;
