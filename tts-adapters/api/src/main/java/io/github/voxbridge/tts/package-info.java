/**
 * The text-to-speech engine interface: {@link io.github.voxbridge.tts.TtsEngine} pushes the native format and then
 * PCM chunks of one text to an {@link io.github.voxbridge.tts.AudioSink} as they are produced, stops when its
 * {@link io.github.voxbridge.tts.CancellationToken} is cancelled, and fails with a typed
 * {@link io.github.voxbridge.tts.TtsException}. Engines are found by name through
 * {@link io.github.voxbridge.tts.TtsEngines} ({@link java.util.ServiceLoader} over
 * {@link io.github.voxbridge.tts.TtsEngineProvider}), so each engine lives in its own jar and an application
 * pulls only the engines it uses.
 *
 * <p>The engine in this jar: {@code prerecorded} ({@link io.github.voxbridge.tts.prerecorded.PrerecordedEngine},
 * recordings for known texts). The others, each its own artifact: {@code freetts} ({@code voxbridge-tts-freetts},
 * embedded and offline), ...
 */
package io.github.voxbridge.tts;
