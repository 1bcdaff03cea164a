package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.SentenceAggregator;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text longer than a vendor's per-request limit into pieces under it, at sentence boundaries, so an
 * engine can request them one after another and deliver their audio as one stream (issue 12, "Long text").
 *
 * <p>A text within the limit is one piece, unchanged. A longer one is cut into sentences by a
 * {@link SentenceAggregator} (clause ends disabled, so a piece only ends inside a sentence when a single sentence
 * is itself over the limit, and then at its last whitespace), and consecutive sentences are packed, joined by one
 * space, into pieces as long as the limit allows. Whitespace runs become one space, as the aggregator does; nothing
 * else of the text is changed, dropped or reordered. Lengths are UTF-16 chars (at least the count of
 * Unicode characters a vendor may count instead) or, for a vendor that counts them, UTF-8 bytes ({@link Unit}).
 */
public final class RequestTextSplitter {

    /** The smallest limit accepted: the aggregator's lookahead twice over plus room for a word. */
    public static final int MIN_LIMIT = 4 * SentenceAggregator.LOOKAHEAD_CHARS;

    private RequestTextSplitter() {
    }

    /** What a vendor's per-request limit counts. */
    public enum Unit {
        /** UTF-16 chars ({@link String#length()}), at least the count of Unicode characters (OpenAI). */
        CHARS,
        /** Bytes of the text's UTF-8 encoding (Google Cloud Text-to-Speech: "5,000 bytes", tts-engines.md 5). */
        UTF8_BYTES;

        /** The length of {@code text} in this unit; an unpaired surrogate counts as 3 bytes (never too few). */
        public int length(CharSequence text) {
            if (this == CHARS) {
                return text.length();
            }
            int bytes = 0;
            for (int i = 0; i < text.length(); i++) {
                bytes += utf8Bytes(text, i);
            }
            return bytes;
        }

        /** Bytes of the char at {@code i}: a surrogate pair's 4 bytes are split 2 + 2 over its two chars. */
        private static int utf8Bytes(CharSequence text, int i) {
            char c = text.charAt(i);
            if (c < 0x80) {
                return 1;
            }
            if (c < 0x800) {
                return 2;
            }
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            return paired ? 2 : 3;
        }

        /** The most bytes (or chars) one char can take in this unit: a BMP char is up to 3 bytes of UTF-8. */
        int perChar() {
            return this == CHARS ? 1 : 3;
        }
    }

    /**
     * The pieces of {@code text}, in order, each at most {@code limit} chars and none blank; empty for blank text.
     *
     * @param limit the vendor's per-request limit in chars, at least {@link #MIN_LIMIT}
     * @throws IllegalArgumentException if {@code limit} is below {@link #MIN_LIMIT}
     */
    public static List<String> split(String text, int limit) {
        return split(text, limit, Unit.CHARS);
    }

    /**
     * The pieces of {@code text}, in order, each at most {@code limit} long in {@code unit} and none blank; empty for
     * blank text. With {@link Unit#UTF8_BYTES} sentences are cut (when a single one is too long) at a third of the
     * limit in chars, so that even a sentence of 3-byte characters fits, and then packed by their byte length.
     *
     * @param limit the vendor's per-request limit, at least {@link #MIN_LIMIT} chars or
     *              3 &times; {@link #MIN_LIMIT} bytes
     * @throws IllegalArgumentException if {@code limit} is below that
     */
    public static List<String> split(String text, int limit, Unit unit) {
        int minimum = MIN_LIMIT * unit.perChar();
        if (limit < minimum) {
            throw new IllegalArgumentException("limit must be at least " + minimum
                    + (unit == Unit.CHARS ? " chars" : " bytes") + ", was " + limit);
        }
        if (text.isBlank()) {
            return List.of();
        }
        if (unit.length(text) <= limit) {
            return List.of(text);
        }
        // A segment can end up to LOOKAHEAD_CHARS past maxChars (closing quotes after a terminator are kept with
        // it), so the aggregator's hard limit leaves that much room under ours. Clause marks never end a segment.
        int charLimit = limit / unit.perChar();
        SentenceAggregator sentences = SentenceAggregator.builder()
                .maxChars(charLimit - 2 * SentenceAggregator.LOOKAHEAD_CHARS)
                .firstClauseChars(charLimit + 1)
                .clauseChars(charLimit + 1)
                .build();
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder(charLimit);
        int[] pieceLength = {0}; // in unit, kept alongside so packing does not re-measure the piece
        java.util.function.Consumer<String> pack = sentence -> {
            int length = unit.length(sentence);
            if (piece.length() > 0 && pieceLength[0] + 1 + length > limit) {
                pieces.add(piece.toString());
                piece.setLength(0);
                pieceLength[0] = 0;
            }
            if (piece.length() > 0) {
                piece.append(' ');
                pieceLength[0]++;
            }
            piece.append(sentence);
            pieceLength[0] += length;
            while (pieceLength[0] > limit) { // not expected (see above); cut rather than send an oversized piece
                int cut = 0;
                int cutLength = 0;
                while (cut < piece.length()) {
                    int next = Character.isHighSurrogate(piece.charAt(cut)) && cut + 1 < piece.length() ? 2 : 1;
                    int more = unit.length(piece.subSequence(cut, cut + next));
                    if (cutLength + more > limit) {
                        break;
                    }
                    cut += next;
                    cutLength += more;
                }
                pieces.add(piece.substring(0, cut));
                piece.delete(0, cut);
                pieceLength[0] -= cutLength;
            }
        };
        sentences.accept(text, pack);
        sentences.finish(pack);
        if (piece.length() > 0) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
