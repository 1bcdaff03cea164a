/**
 * The espeak-ng engine ({@code espeak}): runs the {@code espeak-ng} program and streams the WAV it writes to stdout;
 * see {@link io.github.voxbridge.tts.espeak.EspeakEngine}.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI it implements ({@code TtsEngine}, {@code TtsEngineProvider}), and
 *       through it dsp-core's {@code WavReader}, which reads the header espeak-ng writes (placeholder sizes
 *       included) instead of a second WAV parser here;</li>
 *   <li>{@code voxbridge-tts-transport}: {@code EngineProcess}, the process plumbing every program engine shares
 *       (stdin text, streamed stdout, stderr for messages, killed on cancel).</li>
 * </ul>
 * Nothing else: no native code, no JNI binding to libespeak-ng.
 *
 * <p>Using it: install espeak-ng ({@code apt-get install espeak-ng}, {@code brew install espeak-ng},
 * {@code dnf install espeak-ng}), then {@code ./voxbridge speak "Hello" --engine espeak -E voice=en-gb -E speed=160}.
 * {@code espeak-ng --voices} lists the voices; {@code -E binary=/opt/espeak/bin/espeak-ng} runs another copy.
 */
package io.github.voxbridge.tts.espeak;
