package io.github.voxbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A byte stream of UTF-8 text as a blocking iteration of tokens: each token is the text of whatever one
 * {@code read} returned (a pipe hands over what the writer has written so far), so a consumer sees text as soon
 * as it arrives, not when the stream ends.
 *
 * <p>A character split between two reads is carried: the bytes of an incomplete UTF-8 sequence at the end of a
 * read wait for the next one, and a read that completes no character yields no token. Malformed input and a
 * sequence cut off by the end of the stream become U+FFFD, which TTS engines skip. A failing read is thrown as
 * {@link UncheckedIOException} from {@link #hasNext()}. One consumer thread.
 */
final class StdinTokens implements Iterator<String> {

    /** Bytes read at most per {@code read}: a few seconds of fast typing, a fraction of a pipe's 64 KiB. */
    static final int READ_BYTES = 4096;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Write mode between reads: holds at most 3 bytes of an incomplete sequence. */
    private final ByteBuffer bytes = ByteBuffer.allocate(READ_BYTES);
    /** At most one char per byte (a 4-byte sequence is 2 chars), so it never overflows. */
    private final CharBuffer chars = CharBuffer.allocate(READ_BYTES);
    private String next;
    private boolean ended;

    StdinTokens(InputStream in) {
        this.in = in;
    }

    /** Blocks until some text has arrived (true) or the stream has ended (false). */
    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            readSome();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("standard input has ended");
        }
        String token = next;
        next = null;
        return token;
    }

    private void readSome() {
        int n;
        try {
            n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
        if (n < 0) {
            ended = true;
            bytes.flip();
            decoder.decode(bytes, chars, true);
            decoder.flush(chars);
        } else {
            bytes.position(bytes.position() + n).flip();
            decoder.decode(bytes, chars, false);
            bytes.compact();
        }
        chars.flip();
        if (chars.hasRemaining()) {
            next = chars.toString();
        }
        chars.clear();
    }
}
