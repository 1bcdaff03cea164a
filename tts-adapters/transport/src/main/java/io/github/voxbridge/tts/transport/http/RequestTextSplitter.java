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
 * else of the text is changed, dropped or reordered. Lengths are UTF-16 chars, which is at least the count of
 * Unicode characters a vendor may count instead, so a piece is never over the limit either way.
 */
public final class RequestTextSplitter {

    /** The smallest limit accepted: the aggregator's lookahead twice over plus room for a word. */
    public static final int MIN_LIMIT = 4 * SentenceAggregator.LOOKAHEAD_CHARS;

    private RequestTextSplitter() {
    }

    /**
     * The pieces of {@code text}, in order, each at most {@code limit} chars and none blank; empty for blank text.
     *
     * @param limit the vendor's per-request limit in chars, at least {@link #MIN_LIMIT}
     * @throws IllegalArgumentException if {@code limit} is below {@link #MIN_LIMIT}
     */
    public static List<String> split(String text, int limit) {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("limit must be at least " + MIN_LIMIT + " chars, was " + limit);
        }
        if (text.isBlank()) {
            return List.of();
        }
        if (text.length() <= limit) {
            return List.of(text);
        }
        // A segment can end up to LOOKAHEAD_CHARS past maxChars (closing quotes after a terminator are kept with
        // it), so the aggregator's hard limit leaves that much room under ours. Clause marks never end a segment.
        SentenceAggregator sentences = SentenceAggregator.builder()
                .maxChars(limit - 2 * SentenceAggregator.LOOKAHEAD_CHARS)
                .firstClauseChars(limit + 1)
                .clauseChars(limit + 1)
                .build();
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder(limit);
        java.util.function.Consumer<String> pack = sentence -> {
            if (piece.length() > 0 && piece.length() + 1 + sentence.length() > limit) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            if (piece.length() > 0) {
                piece.append(' ');
            }
            piece.append(sentence);
            while (piece.length() > limit) { // not expected (see above); cut rather than send an oversized piece
                int cut = Character.isHighSurrogate(piece.charAt(limit - 1)) ? limit - 1 : limit;
                pieces.add(piece.substring(0, cut));
                piece.delete(0, cut);
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
