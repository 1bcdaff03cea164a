package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavWriter;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where {@code voxbridge speak} puts the outbound messages it generates, in one of three {@link Format}s. Every
 * message is written, and flushed, as soon as it is made, so a reader of a pipe hears speech while synthesis goes on.
 * Closing finishes the output (a WAV file's sizes) but never closes standard output.
 */
abstract sealed class SpeechOutput implements Closeable {

    /** The values of {@code --format}. */
    enum Format {
        /** One outbound Twilio message per line: the media messages, then a mark for the utterance. */
        jsonl,
        /** Raw 8 kHz mu-law, no header: exactly the bytes of the media payloads, in order. */
        ulaw,
        /** The payloads in a WAV file (format tag 7, mu-law, 8000 Hz, mono). */
        wav
    }

    /** What {@code "payload":"} is followed by in a media message, up to the closing {@code "}}}. */
    private static final String PAYLOAD_FIELD = "\"payload\":\"";
    private static final int MEDIA_SUFFIX_CHARS = 3;

    /**
     * Opens the output.
     *
     * @param file   where to write, or {@code null} for {@code stdout}
     * @param stdout standard output: flushed after each message, never closed
     */
    static SpeechOutput open(Format format, Path file, OutputStream stdout) throws IOException {
        return switch (format) {
            case jsonl -> new JsonLines(file == null ? stdout : Files.newOutputStream(file), file != null);
            case ulaw -> new MuLawBytes(file == null ? stdout : Files.newOutputStream(file), file != null);
            case wav -> new Wav(file == null
                    ? WavWriter.create(new Unclosable(stdout), SampleEncoding.MULAW, TelephonyEncoder.RATE,
                            WavWriter.UNKNOWN_LENGTH)
                    : WavWriter.create(file, SampleEncoding.MULAW, TelephonyEncoder.RATE), stdout);
        };
    }

    /** Writes one outbound media message, as produced by {@code OutboundMessageWriter}. */
    abstract void media(String message) throws IOException;

    /** Ends an utterance that produced at least one media message; {@code mark} is its mark message. */
    abstract void endUtterance(String mark) throws IOException;

    /**
     * The mu-law bytes of a media message's payload. The payload is the last field of the message
     * ({@code {"event":"media","streamSid":"…","media":{"payload":"<base64>"}}}), so it is found from the end: no
     * stream SID can make it ambiguous.
     */
    static byte[] payload(String message) {
        int start = message.lastIndexOf(PAYLOAD_FIELD);
        if (start < 0 || !message.endsWith("\"}}")) {
            throw new IllegalArgumentException("not an outbound media message: " + message);
        }
        return Base64.getDecoder().decode(message.substring(start + PAYLOAD_FIELD.length(),
                message.length() - MEDIA_SUFFIX_CHARS));
    }

    /** {@link Format#jsonl}. */
    private static final class JsonLines extends SpeechOutput {
        private final OutputStream out;
        private final boolean owned;

        JsonLines(OutputStream out, boolean owned) {
            this.out = out;
            this.owned = owned;
        }

        @Override
        void media(String message) throws IOException {
            line(message);
        }

        @Override
        void endUtterance(String mark) throws IOException {
            line(mark);
        }

        private void line(String message) throws IOException {
            out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                out.close();
            }
        }
    }

    /** {@link Format#ulaw}. */
    private static final class MuLawBytes extends SpeechOutput {
        private final OutputStream out;
        private final boolean owned;

        MuLawBytes(OutputStream out, boolean owned) {
            this.out = out;
            this.owned = owned;
        }

        @Override
        void media(String message) throws IOException {
            out.write(payload(message));
            out.flush();
        }

        @Override
        void endUtterance(String mark) {
            // Raw audio has no place for a mark.
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                out.close();
            }
        }
    }

    /**
     * {@link Format#wav}. To a file, the header's sizes are patched when it is closed. To standard output, which
     * cannot seek and whose length is unknown while speech is still being made, the header declares the sizes
     * 0xFFFFFFFF, "until the end of the stream", as live WAV streams do; ffmpeg, sox and VLC read it so.
     */
    private static final class Wav extends SpeechOutput {
        private final WavWriter writer;
        private final OutputStream stdout;

        Wav(WavWriter writer, OutputStream stdout) {
            this.writer = writer;
            this.stdout = stdout;
        }

        @Override
        void media(String message) throws IOException {
            byte[] codes = payload(message);
            writer.writeEncoded(codes, 0, codes.length);
            stdout.flush();
        }

        @Override
        void endUtterance(String mark) {
            // A WAV file has no place for a mark.
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** Standard output for a writer that closes its stream when done: closing only flushes. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
