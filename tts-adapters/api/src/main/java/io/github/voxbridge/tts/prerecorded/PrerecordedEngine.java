package io.github.voxbridge.tts.prerecorded;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavFormat;
import io.github.voxbridge.dsp.pcm.WavFormatException;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays recordings instead of synthesizing: each known text (or key) maps to a WAV file or a raw file of declared
 * format, streamed from disk in chunks of a fixed size. For IVR prompts and for tests that need exact audio.
 *
 * <p>Texts are matched after stripping leading and trailing whitespace and collapsing inner runs of whitespace to
 * one space; the match is case-sensitive. An unknown text is a {@link TtsException.Kind#BAD_REQUEST} quoting (a
 * bounded excerpt of) it. Empty or whitespace-only text plays nothing.
 *
 * <p><b>Audio delivered.</b>
 * <ul>
 *   <li>Raw file: its bytes exactly, in the declared format.</li>
 *   <li>WAV file (header read by {@link WavReader}): in the file's own encoding (u8, s16le, f32le, mulaw or
 *       alaw) at its rate. Mono: the bytes of the {@code data} chunk exactly. Stereo: downmixed to mono as
 *       {@link WavReader} does, then encoded again in the same encoding. A data chunk shorter than its header
 *       declares is a {@link TtsException.Kind#PROTOCOL} error after the audio that was there.</li>
 * </ul>
 * Every chunk is exactly {@link #chunkBytes()} bytes except the last of a recording, whatever the sample size: with
 * an odd chunk size, 16-bit samples are split across chunks, as the {@link AudioSink} contract allows.
 *
 * <p>Files are opened per call, so they may be replaced on disk between calls (same format for WAV files is not
 * required: the format is read at each call). Thread-safe: calls share nothing but the immutable map.
 */
public final class PrerecordedEngine implements TtsEngine {

    /** The name this engine is registered under. */
    public static final String NAME = "prerecorded";
    /** Default chunk size: 1024 bytes, 32 ms of 16 kHz 16-bit audio, the block size FreeTTS writes. */
    public static final int DEFAULT_CHUNK_BYTES = 1024;
    /** Characters of an unknown text quoted in the error. */
    private static final int EXCERPT_CHARS = 60;
    /** Keys listed in the error for an unknown text. */
    private static final int KEYS_LISTED = 10;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Map<String, Recording> recordings;
    private final int chunkBytes;

    /** A file and, for a raw file, its declared format ({@code null} for WAV: read from the header). */
    private record Recording(Path file, AudioFormatSpec rawFormat) {
    }

    private PrerecordedEngine(Map<String, Recording> recordings, int chunkBytes) {
        this.recordings = Map.copyOf(recordings);
        this.chunkBytes = chunkBytes;
    }

    /** A builder for an engine with no recordings and chunks of {@value #DEFAULT_CHUNK_BYTES} bytes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The texts (keys) this engine knows, normalised as they are matched. */
    public Set<String> keys() {
        return recordings.keySet();
    }

    /** The size of every chunk but the last of a recording, in bytes. */
    public int chunkBytes() {
        return chunkBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws TtsException BAD_REQUEST for an unknown text; UNAVAILABLE if the file cannot be read; PROTOCOL if a WAV
     *                      file is malformed; CANCELLED
     */
    @Override
    public void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cancel, "cancel");
        cancel.throwIfCancelled(NAME);
        String key = normalise(text);
        if (key.isEmpty()) {
            return;
        }
        Recording recording = recordings.get(key);
        if (recording == null) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "no recording for text "
                    + TtsException.excerpt(key, EXCERPT_CHARS) + " (" + recordings.size() + " known"
                    + (recordings.isEmpty() ? "" : ": " + recordings.keySet().stream().sorted().limit(KEYS_LISTED)
                            .map(k -> TtsException.excerpt(k, 30)).collect(Collectors.joining(", "))
                            + (recordings.size() > KEYS_LISTED ? ", …" : ""))
                    + ")");
        }
        ChunkedOutput out = new ChunkedOutput(sink, cancel, chunkBytes);
        try {
            if (recording.rawFormat() != null) {
                streamRaw(recording, out);
            } else {
                streamWav(recording, out);
            }
        } catch (WavFormatException e) {
            throw new TtsException(TtsException.Kind.PROTOCOL, NAME, "bad WAV file " + recording.file() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new TtsException(TtsException.Kind.UNAVAILABLE, NAME, "cannot read " + recording.file() + ": " + e,
                    e);
        }
    }

    private static void streamRaw(Recording recording, ChunkedOutput out) throws IOException, TtsException {
        out.format(recording.rawFormat());
        try (InputStream in = Files.newInputStream(recording.file())) {
            byte[] buffer = new byte[Math.max(out.chunkBytes(), 8192)];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
        out.finish();
    }

    private static void streamWav(Recording recording, ChunkedOutput out) throws IOException, TtsException {
        InputStream in = Files.newInputStream(recording.file());
        try (WavReader reader = WavReader.open(in)) {
            WavFormat format = reader.format();
            SampleEncoding encoding = format.encoding();
            out.format(new AudioFormatSpec(encoding, format.sampleRate()));
            if (format.channels() == 1) {
                copyMonoData(in, reader.frames(), format, recording.file(), out);
            } else {
                downmix(reader, encoding, out);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        out.finish();
    }

    /**
     * Passes the bytes of a mono data chunk through unchanged: {@link WavReader#open(InputStream)} leaves the
     * stream at the first of them, and reading them from there keeps every code exactly as stored (decoding and
     * re-encoding would turn mu-law's negative zero into positive zero).
     *
     * @param frames the declared frame count, or -1 for "to the end of the stream"
     */
    private static void copyMonoData(InputStream in, long frames, WavFormat format, Path file, ChunkedOutput out)
            throws IOException, TtsException {
        long remaining = frames < 0 ? Long.MAX_VALUE : frames * format.frameBytes();
        long copied = 0;
        byte[] buffer = new byte[Math.max(out.chunkBytes(), 8192)];
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            copied += n;
            remaining -= n;
        }
        if (frames >= 0 && remaining > 0) {
            out.flush(); // what was there is delivered, then the error
            throw new WavFormatException("data chunk of " + file + " declares " + frames * format.frameBytes()
                    + " bytes but the file ends after " + copied + ": " + remaining + " bytes missing");
        }
        if (copied % format.frameBytes() != 0) {
            out.flush();
            throw new WavFormatException("data of " + file + " ends inside a sample: " + copied
                    + " bytes is not a whole number of " + format.frameBytes() + "-byte " + format.encoding()
                    + " samples");
        }
    }

    /** Stereo: mono samples from the reader's downmix, re-encoded in the file's encoding. */
    private static void downmix(WavReader reader, SampleEncoding encoding, ChunkedOutput out)
            throws IOException, TtsException {
        int samplesPerBlock = Math.max(1, out.chunkBytes() / encoding.bytesPerSample());
        byte[] bytes = new byte[samplesPerBlock * encoding.bytesPerSample()];
        if (encoding == SampleEncoding.F32LE) {
            float[] samples = new float[samplesPerBlock];
            for (int n; (n = reader.read(samples, 0, samples.length)) > 0; ) {
                encoding.encode(samples, 0, bytes, 0, n);
                out.write(bytes, 0, n * encoding.bytesPerSample());
            }
        } else {
            short[] samples = new short[samplesPerBlock];
            for (int n; (n = reader.read(samples, 0, samples.length)) > 0; ) {
                encoding.encode(samples, 0, bytes, 0, n);
                out.write(bytes, 0, n * encoding.bytesPerSample());
            }
        }
    }

    /** Nothing to release: files are opened per call. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "PrerecordedEngine[" + recordings.size() + " recordings, " + chunkBytes + "-byte chunks]";
    }

    /** The text as it is matched: stripped, inner whitespace runs collapsed to one space. */
    static String normalise(String text) {
        return WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    /** Collects recordings; {@link #build()} checks that every file exists and every WAV header is readable. */
    public static final class Builder {

        private final Map<String, Recording> recordings = new LinkedHashMap<>();
        private int chunkBytes = DEFAULT_CHUNK_BYTES;

        private Builder() {
        }

        /** Plays the WAV {@code file} for {@code text} (replacing an earlier recording of the same text). */
        public Builder wav(String text, Path file) {
            recordings.put(checkKey(text), new Recording(Objects.requireNonNull(file, "file"), null));
            return this;
        }

        /** Plays the raw samples of {@code file}, in {@code format}, for {@code text}. */
        public Builder raw(String text, Path file, AudioFormatSpec format) {
            recordings.put(checkKey(text), new Recording(Objects.requireNonNull(file, "file"),
                    Objects.requireNonNull(format, "format")));
            return this;
        }

        /** Adds every {@code *.wav} file (any case) in {@code directory}, keyed by its name without the extension. */
        public Builder wavDirectory(Path directory) throws IOException {
            Map<String, Path> found = new TreeMap<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.length() > 4 && name.regionMatches(true, name.length() - 4, ".wav", 0, 4)
                            && Files.isRegularFile(file)) {
                        found.put(name.substring(0, name.length() - 4), file);
                    }
                }
            }
            found.forEach(this::wav);
            return this;
        }

        /** The size of each chunk in bytes, {@code >= 1}; any size, odd ones included. */
        public Builder chunkBytes(int chunkBytes) {
            if (chunkBytes < 1) {
                throw new IllegalArgumentException("chunk size must be at least 1 byte, was " + chunkBytes);
            }
            this.chunkBytes = chunkBytes;
            return this;
        }

        /**
         * @throws TtsException BAD_REQUEST naming the file if one is missing or a WAV header cannot be read
         */
        public PrerecordedEngine build() throws TtsException {
            for (Map.Entry<String, Recording> e : recordings.entrySet()) {
                Path file = e.getValue().file();
                if (!Files.isReadable(file) || Files.isDirectory(file)) {
                    throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "recording of "
                            + TtsException.excerpt(e.getKey(), EXCERPT_CHARS) + " is not a readable file: " + file);
                }
                if (e.getValue().rawFormat() == null) {
                    try (WavReader reader = WavReader.open(file)) {
                        reader.format();
                    } catch (IOException ex) {
                        throw new TtsException(TtsException.Kind.BAD_REQUEST, NAME, "recording of "
                                + TtsException.excerpt(e.getKey(), EXCERPT_CHARS) + " is not a usable WAV file: "
                                + file + ": " + ex.getMessage(), ex);
                    }
                }
            }
            return new PrerecordedEngine(recordings, chunkBytes);
        }

        private static String checkKey(String text) {
            String key = normalise(Objects.requireNonNull(text, "text"));
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a recording needs a non-blank text");
            }
            return key;
        }
    }
}
