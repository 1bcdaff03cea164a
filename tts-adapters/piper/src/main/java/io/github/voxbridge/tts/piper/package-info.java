/**
 * The Piper engine ({@code piper}): runs the {@code piper} program with a voice model and streams the raw PCM it
 * writes to stdout; see {@link io.github.voxbridge.tts.piper.PiperEngine}.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI it implements ({@code TtsEngine}, {@code TtsEngineProvider});</li>
 *   <li>{@code voxbridge-tts-transport}: {@code EngineProcess}, the process plumbing every program engine shares
 *       (stdin text, streamed stdout, stderr for messages, killed on cancel);</li>
 *   <li>{@code jackson-databind}: reads the voice's {@code .onnx.json} for {@code audio.sample_rate} and
 *       {@code num_speakers} (Piper's raw output carries no header, so the rate comes only from there).</li>
 * </ul>
 *
 * <h2>Using the real Piper</h2>
 * <ol>
 *   <li>Install Piper: either the C++ release of {@code rhasspy/piper} (unpack {@code piper_linux_x86_64.tar.gz} from
 *       its GitHub releases; the {@code piper} binary there needs its {@code espeak-ng-data} and libraries beside
 *       it) or the Python {@code piper1-gpl} ({@code pip install piper-tts}, which installs a {@code piper}
 *       command). Either must accept {@code --model M --output-raw} and read text on stdin.</li>
 *   <li>Download a voice: both files, {@code en_US-lessac-medium.onnx} and {@code en_US-lessac-medium.onnx.json},
 *       from {@code huggingface.co/rhasspy/piper-voices}, into one folder. The {@code .onnx.json} must sit beside
 *       the model with that exact name: its {@code audio.sample_rate} is the rate of the audio (x_low and low
 *       voices 16000 Hz, medium and high 22050 Hz).</li>
 *   <li>Speak: {@code ./voxbridge speak "Hello from voxbridge" --engine piper -E model=/voices/en_US-lessac-medium.onnx}.
 *       If {@code piper} is not on the {@code PATH}, add {@code -E binary=/opt/piper/piper}; for a multi-speaker
 *       voice, {@code -E speaker=3} (0 to {@code num_speakers - 1}).</li>
 * </ol>
 * In Java: {@code TtsEngines.create("piper", Map.of("model", "/voices/en_US-lessac-medium.onnx"))}, with
 * {@code voxbridge-tts-piper} on the class or module path. The audio is s16le mono at the voice's rate, written by
 * Piper sentence by sentence as it is synthesized; voxbridge resamples it for the telephone.
 */
package io.github.voxbridge.tts.piper;
