/**
 * Engines that are programs ({@code espeak-ng}, {@code piper}): {@link io.github.voxbridge.tts.transport.process.EngineProcess}
 * starts one from an argument list (never a shell), writes the text to its stdin, streams its stdout to the engine
 * chunk by chunk as the program writes it, keeps the end of its stderr for error messages, and kills it (and what
 * it started) on cancel, interrupt or failure, leaving no process or thread behind.
 */
package io.github.voxbridge.tts.transport.process;
