package io.github.voxbridge.tts;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a stream of LLM tokens into speakable segments: whole sentences as soon as they end, and long clauses
 * early, so a TTS engine can start speaking before the reply is complete.
 *
 * <h2>Use</h2>
 * Push style: one aggregator per conversation, fed one token stream after another ({@link #finish} ends a
 * stream). Not thread-safe, and not re-entrant: the consumer must not call back into the aggregator.
 * {@snippet id="sentence-aggregator-tokens" :
 * SentenceAggregator segments = new SentenceAggregator();   // or SentenceAggregator.builder()...build()
 * for (String token : llmTokens) {
 *     segments.accept(token, this::speak);                  // zero or more segments per token
 * }
 * segments.finish(this::speak);                             // the rest; then ready for the next stream
 * }
 * Every segment is handed to the consumer once, in order, as a fresh {@code String}: trimmed, never
 * blank, each run of whitespace inside it replaced by one space, never containing a line break. The segments
 * depend only on the text, never on how it was cut into tokens (empty tokens included).
 * "Whitespace" is {@link Character#isWhitespace} or {@link Character#isSpaceChar} (so no-break and
 * ideographic spaces count).
 *
 * <h2>Where a segment ends</h2>
 * <ul>
 *   <li><b>Sentence end</b> (always): a run of {@code . ! ?} (and {@code ‼ ⁇ ⁈ ⁉}), optionally followed by closing
 *       quotes or brackets ({@code ." .) !” ?」}), that is followed by whitespace. For {@code !} and {@code ?} the
 *       whitespace is enough (or a CJK letter right after, as in {@code 好!再见}), except after a closing quote,
 *       where a lower-case word continues the sentence ({@code "Stop!" he said}). For a single {@code .} the first
 *       visible character after the whitespace decides: a lower-case letter or a continuing punctuation mark
 *       ({@code , ; : . ) ]}...) means no sentence end, anything else (upper case, digit, quote, CJK, end of input)
 *       ends it, unless the word before the dot can't end a sentence:
 *       <ul>
 *         <li>a title or Latin abbreviation, compared ignoring case: Mr., Mrs., Ms., Dr., Prof., St., Rev., Gen.,
 *             Capt., Sen., vs., v., cf., e.g., i.e., approx. and a few more;</li>
 *         <li>upper-case initials: {@code J.} in "J. R. R. Tolkien", {@code U.S.}, {@code U.K.};</li>
 *         <li>before a digit, a number prefix: No. 5, Fig. 3, pp. 12, Jan. 5 (also months, Vol., Ch., Sec.);</li>
 *         <li>a list marker: 1 to 3 digits alone at the start of a segment ("1. Open the app.").</li>
 *       </ul>
 *       Abbreviations that often do end a sentence (etc., Inc., Ltd., Co., Jr., Sr., a.m., p.m.) follow the
 *       general rule: "at 5 p.m. today" stays together, "at 5 p.m. Then" splits.</li>
 *   <li><b>CJK sentence end</b> (always, no whitespace needed): {@code 。 ｡ ！ ？ ．}, with closers
 *       ({@code 。」}). A full-width {@code ．} between two digits is a decimal point.</li>
 *   <li><b>Line break</b> (always): a paragraph or list item; the text before it is a segment.</li>
 *   <li><b>Clause end</b> (only once the segment so far is at least {@link #clauseChars()} long, or
 *       {@link #firstClauseChars()} for the first segment of a stream): {@code , ; :} followed by whitespace,
 *       CJK {@code ， 、 ； ：}, an ellipsis ({@code ...} or {@code …}) followed by whitespace, and a dash followed by
 *       whitespace ({@code —}, {@code –}, {@code --}, or a spaced {@code " - "}).</li>
 *   <li><b>Hard limit</b>: when {@link #maxChars()} characters have gone by without any of the above, the segment
 *       ends at the last whitespace within that limit, or, if there is none (CJK without punctuation, a huge
 *       URL), right at the limit (never between the two halves of a surrogate pair).</li>
 * </ul>
 * Everything else is not an end, which is why decimals (3.14, $2.50), times (3:30), numbers (1,000), versions
 * (v1.2.3), URLs (https://example.com/a.b?c=d, www.example.com) and e-mail addresses (a.b@example.co.uk) stay whole:
 * their dots, colons, commas and question marks are followed by a non-space character. An ellipsis is a pause,
 * never a sentence end ("Wait... What?" is one sentence).
 *
 * <h2>Latency: how long a decision waits</h2>
 * A candidate is decided as soon as the characters that decide it are there, and no sooner. A {@code .} at the end
 * of the buffer waits for the next character; when that is whitespace it waits for the first visible character
 * after it, unless the word before the dot already settles it (Mr., J.). So "Hello there. How are you", fed one
 * character at a time, emits "Hello there." during the call that delivers the {@code H}. {@code !} and {@code ?}
 * are emitted when the whitespace after them arrives; {@code 。} when the next character arrives (it could be a
 * closing {@code 」}); a line break at once. {@link #finish} decides whatever still waits as if the input ended
 * there. A lookahead is never longer than {@value #LOOKAHEAD_CHARS} characters: a pathological run of dots,
 * quotes or spaces is decided after that many.
 *
 * <h2>Defaults</h2>
 * Speech runs at about 15 characters per second in English (150 words per minute, 6 characters per word with
 * the space). The first segment is the one the caller hears silence for, so it may end at a clause as soon as it
 * is {@value #DEFAULT_FIRST_CLAUSE_CHARS} characters long: about 4 words, 1.5 s of speech, long enough to sound
 * like a phrase and to cover the synthesis of the next segment. Later segments play while the next one is made,
 * so there is no hurry; they end at a clause only from {@value #DEFAULT_CLAUSE_CHARS} characters (about 4 s), which
 * gives the engine whole clauses to phrase. The hard limit, {@value #DEFAULT_MAX_CHARS} characters (about 13 s),
 * is for run-on text with no punctuation at all (code, lists); a sentence of ordinary prose rarely reaches it.
 * Lengths are UTF-16 chars, so a CJK segment of the same length holds about three times as much speech.
 *
 * <h2>Cost</h2>
 * The aggregator keeps one buffer of the text not yet emitted (after each call at most about {@code maxChars}
 * plus twice the lookahead, whatever the token sizes) and one reused builder for the segment text; the only
 * allocation per segment is the {@code String} handed out. The work per character is bounded: a candidate that
 * waits is re-examined on each token, over at most its word and the lookahead.
 */
public final class SentenceAggregator {

    /** Default of {@link Builder#firstClauseChars(int)}: about 4 English words, 1.5 s of speech. */
    public static final int DEFAULT_FIRST_CLAUSE_CHARS = 24;
    /** Default of {@link Builder#clauseChars(int)}: about 4 s of speech. */
    public static final int DEFAULT_CLAUSE_CHARS = 60;
    /** Default of {@link Builder#maxChars(int)}: about 13 s of speech. */
    public static final int DEFAULT_MAX_CHARS = 200;
    /** The longest lookahead, in chars, past a candidate end (a run of dots, closers, or spaces). */
    public static final int LOOKAHEAD_CHARS = 32;

    /**
     * Words that never end a sentence when followed by {@code .} and whitespace, compared ignoring case:
     * titles before a name and Latin abbreviations before an example. Dotted ones are listed without the final dot.
     */
    private static final String[] NEVER_FINAL = {
        "mr", "mrs", "ms", "mx", "messrs", "mmes", "dr", "prof", "rev", "fr", "hon", "st", "mt",
        "gen", "col", "maj", "capt", "cpt", "lt", "sgt", "cmdr", "adm", "gov", "sen", "rep", "pres", "supt",
        "vs", "v", "cf", "viz", "e.g", "i.e", "approx", "ca",
    };

    /** Words that don't end a sentence when followed by {@code .}, whitespace and a digit ("No. 5", "Jan. 5"). */
    private static final String[] NUMBER_PREFIX = {
        "no", "nos", "nr", "fig", "figs", "vol", "vols", "p", "pp", "ch", "chap", "sec", "art", "eq", "op", "ref",
        "tel", "ext", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    /** What {@link #examine} decided about the character at {@link #scan}. */
    private static final int NEED_MORE = 0;
    private static final int NO_BOUNDARY = 1;
    private static final int BOUNDARY = 2;

    /** Terminator kinds, in increasing precedence within a run. */
    private static final int NOT_TERMINATOR = 0;
    private static final int PERIOD = 1;
    private static final int ELLIPSIS = 2;
    private static final int STRONG = 3;
    private static final int CJK_STOP = 4;

    private final int firstClauseChars;
    private final int clauseChars;
    private final int maxChars;

    /** Text received and not yet emitted, from index {@link #head}; compacted at the end of each call. */
    private final StringBuilder pending = new StringBuilder(256);
    /** Reused to build the normalised text of a segment. */
    private final StringBuilder segment = new StringBuilder(256);
    /** Start of the current segment in {@link #pending}: its first non-whitespace char, once one arrived. */
    private int head;
    /** Next index to examine; everything in {@code [head, scan)} is known not to end the segment. */
    private int scan;
    private boolean firstSegment = true;
    /** Set by {@link #examine}: end (exclusive) of the segment on a boundary, else the next index to examine. */
    private int decidedAt;

    /** An aggregator with the default lengths. */
    public SentenceAggregator() {
        this(DEFAULT_FIRST_CLAUSE_CHARS, DEFAULT_CLAUSE_CHARS, DEFAULT_MAX_CHARS);
    }

    private SentenceAggregator(int firstClauseChars, int clauseChars, int maxChars) {
        this.firstClauseChars = firstClauseChars;
        this.clauseChars = clauseChars;
        this.maxChars = maxChars;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Chars a stream's first segment needs before it may end at a clause mark. */
    public int firstClauseChars() {
        return firstClauseChars;
    }

    /** Chars any later segment needs before it may end at a clause mark. */
    public int clauseChars() {
        return clauseChars;
    }

    /** Chars after which a segment without any end is cut at its last whitespace. */
    public int maxChars() {
        return maxChars;
    }

    /**
     * Appends a token and emits every segment it completes.
     *
     * @param token the next piece of text, any length, possibly empty; only read during this call
     * @param out   receives the completed segments, in order
     */
    public void accept(CharSequence token, Consumer<? super String> out) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(out, "out");
        pending.append(token);
        drain(false, out);
    }

    /**
     * Declares the end of the input: emits the remaining segments (the last one unless it is blank) and resets,
     * so the aggregator is ready for another stream whose first segment is again a "first segment". It resets
     * even if the consumer throws.
     *
     * @param out receives the remaining segments, in order
     */
    public void finish(Consumer<? super String> out) {
        Objects.requireNonNull(out, "out");
        try {
            drain(true, out);
        } finally {
            reset();
        }
    }

    /** Forgets the text not yet emitted without emitting it (for example after a barge-in). */
    public void reset() {
        pending.setLength(0);
        head = 0;
        scan = 0;
        firstSegment = true;
    }

    /** Chars received and not yet emitted, whitespace included; for diagnostics. */
    public int pendingChars() {
        return pending.length() - head;
    }

    private void drain(boolean atEnd, Consumer<? super String> out) {
        skipSpace();
        while (scan < pending.length()) {
            if (scan - head >= maxChars) {
                emit(hardCut(), out);
                continue;
            }
            int verdict = examine(scan, atEnd);
            if (verdict == NEED_MORE) {
                break;
            }
            if (verdict == NO_BOUNDARY) {
                scan = decidedAt;
            } else {
                emit(decidedAt, out);
            }
        }
        if (atEnd) {
            emit(pending.length(), out);
        }
        pending.delete(0, head);
        scan -= head;
        head = 0;
    }

    /** Whether the char at {@code i} ends the segment; sets {@link #decidedAt}. */
    private int examine(int i, boolean atEnd) {
        char c = pending.charAt(i);
        if (isSpace(c)) {
            return isLineBreak(c) ? boundary(i) : noBoundary(i + 1);
        }
        if (terminatorKind(c) != NOT_TERMINATOR) {
            return examineTerminator(i, atEnd);
        }
        if (isClauseMark(c)) {
            return examineClauseMark(i);
        }
        if (isDash(c)) {
            return examineDash(i);
        }
        return noBoundary(i + 1);
    }

    private int examineTerminator(int i, boolean atEnd) {
        int length = pending.length();
        int bound = Math.min(length, i + LOOKAHEAD_CHARS);
        int kind = NOT_TERMINATOR;
        int dots = 0;
        int j = i;
        for (int k; j < bound && (k = terminatorKind(pending.charAt(j))) != NOT_TERMINATOR; j++) {
            if (pending.charAt(j) == '.') {
                dots++;
            }
            kind = Math.max(kind, k);
        }
        if (kind == PERIOD && dots > 1) {
            kind = ELLIPSIS;
        }
        int runEnd = j;
        while (j < bound && isCloser(pending.charAt(j))) {
            j++;
        }
        if (j == i + LOOKAHEAD_CHARS) {
            return noBoundary(j);
        }
        if (j == length) {
            // Also at the end of the input: drain then emits the rest as one segment, as a boundary here would.
            return NEED_MORE;
        }
        char next = pending.charAt(j);
        return switch (kind) {
            case CJK_STOP -> runEnd - i == 1 && pending.charAt(i) == '．' && i > head
                    && isDigit(pending.charAt(i - 1)) && isDigit(next) ? noBoundary(j) : boundary(j);
            case STRONG -> examineStrong(runEnd, j, atEnd);
            case ELLIPSIS -> isSpace(next) ? clauseEnd(j) : noBoundary(j);
            default -> isSpace(next) ? examinePeriod(i, j) : noBoundary(j);
        };
    }

    /** A run of {@code ! ?} ending at {@code runEnd}, closers up to {@code end}, and a char at {@code end}. */
    private int examineStrong(int runEnd, int end, boolean atEnd) {
        char next = pending.charAt(end);
        if (isSpace(next)) {
            // "Stop!" he said: after a closing quote, a lower-case word continues the sentence
            return end == runEnd ? boundary(end) : decideByNextWord(end, -1, -1);
        }
        if (Character.isHighSurrogate(next) && end + 1 == pending.length()) {
            return atEnd ? noBoundary(end) : NEED_MORE;
        }
        return isCjkLetter(pending.codePointAt(end)) ? boundary(end) : noBoundary(end);
    }

    /** A single '.' at {@code dot}, closers up to {@code end}, and whitespace at {@code end}. */
    private int examinePeriod(int dot, int end) {
        int word = wordStart(dot);
        if (isInitials(word, dot) || matchesAny(NEVER_FINAL, word, dot)) {
            return noBoundary(end);
        }
        return decideByNextWord(end, word, dot);
    }

    /**
     * Decides a sentence end at {@code end} (followed by whitespace) by the first visible char after the
     * whitespace; {@code [word, dot)} is the word before a single period, or {@code word < 0} after {@code ! ?}.
     */
    private int decideByNextWord(int end, int word, int dot) {
        int length = pending.length();
        int bound = Math.min(length, end + LOOKAHEAD_CHARS);
        int k = end;
        for (; k < bound && isSpace(pending.charAt(k)); k++) {
            if (isLineBreak(pending.charAt(k))) {
                return boundary(end);
            }
        }
        if (k == end + LOOKAHEAD_CHARS) {
            return boundary(end);
        }
        if (k == length) {
            // Also at the end of the input: drain then emits the rest, which after end is only whitespace.
            return NEED_MORE;
        }
        char x = pending.charAt(k);
        if (Character.isLowerCase(x) || isContinuation(x)) {
            return noBoundary(end);
        }
        // After ! ? (word < 0) the two word rules below never apply: no prefix is empty, and head >= 0.
        if (isDigit(x) && matchesAny(NUMBER_PREFIX, word, dot)) {
            return noBoundary(end);
        }
        if (word == head && dot - word <= 3 && allDigits(word, dot)) {
            return noBoundary(end);
        }
        return boundary(end);
    }

    private int examineClauseMark(int i) {
        if (i + 1 - head < clauseThreshold()) {
            return noBoundary(i + 1);
        }
        boolean cjk = pending.charAt(i) > 0x2FFF;
        int length = pending.length();
        int bound = Math.min(length, i + LOOKAHEAD_CHARS);
        int j = i + 1;
        while (j < bound && isCloser(pending.charAt(j))) {
            j++;
        }
        if (j == i + LOOKAHEAD_CHARS) {
            return noBoundary(j);
        }
        if (j == length) {
            // Also at the end of the input: drain then emits the rest as one segment, as no boundary here would.
            return NEED_MORE;
        }
        return cjk || isSpace(pending.charAt(j)) ? boundary(j) : noBoundary(j);
    }

    private int examineDash(int i) {
        int length = pending.length();
        int bound = Math.min(length, i + LOOKAHEAD_CHARS);
        boolean wide = false;
        int j = i;
        for (; j < bound && isDash(pending.charAt(j)); j++) {
            wide |= pending.charAt(j) != '-';
        }
        if (j == i + LOOKAHEAD_CHARS) {
            return noBoundary(j);
        }
        if (j == length) {
            // Also at the end of the input: drain then emits the rest as one segment, as no boundary here would.
            return NEED_MORE;
        }
        boolean spacedHyphen = i > head && isSpace(pending.charAt(i - 1));
        if (!isSpace(pending.charAt(j)) || !(wide || j - i >= 2 || spacedHyphen)) {
            return noBoundary(j);
        }
        return clauseEnd(j);
    }

    private int clauseEnd(int end) {
        return end - head >= clauseThreshold() ? boundary(end) : noBoundary(end);
    }

    private int clauseThreshold() {
        return firstSegment ? firstClauseChars : clauseChars;
    }

    private int boundary(int end) {
        decidedAt = end;
        return BOUNDARY;
    }

    private int noBoundary(int next) {
        decidedAt = next;
        return NO_BOUNDARY;
    }

    /** End of a segment that reached {@link #maxChars} without any other end. */
    private int hardCut() {
        int limit = head + maxChars;
        for (int w = limit; w > head; w--) {
            if (isSpace(pending.charAt(w))) {
                return w;
            }
        }
        if (Character.isHighSurrogate(pending.charAt(limit - 1)) && Character.isLowSurrogate(pending.charAt(limit))) {
            return limit - 1;
        }
        return limit;
    }

    /** Hands out {@code [head, end)} normalised, if it isn't blank, and starts the next segment after it. */
    private void emit(int end, Consumer<? super String> out) {
        segment.setLength(0);
        boolean space = false;
        for (int k = head; k < end; k++) {
            char c = pending.charAt(k);
            if (isSpace(c)) {
                space = true;
            } else {
                // head is at a visible char (skipSpace runs before every emit), so a space here always follows a visible char
                if (space) {
                    segment.append(' ');
                }
                space = false;
                segment.append(c);
            }
        }
        head = end;
        skipSpace();
        if (segment.length() > 0) {
            firstSegment = false;
            out.accept(segment.toString());
        }
    }

    private void skipSpace() {
        int length = pending.length();
        while (head < length && isSpace(pending.charAt(head))) {
            head++;
        }
        scan = Math.max(scan, head);
    }

    /** Start of the word ending at {@code end}, after any opening quotes or brackets. */
    private int wordStart(int end) {
        int k = end;
        while (k > head && !isSpace(pending.charAt(k - 1))) {
            k--;
        }
        while (k < end && isOpener(pending.charAt(k))) {
            k++;
        }
        return k;
    }

    /** {@code [from, to)} is one or more upper-case letters separated by dots: "J", "U.S", "J.R.R". */
    private boolean isInitials(int from, int to) {
        int length = to - from;
        if (length == 0 || length % 2 == 0) {
            return false;
        }
        for (int k = from; k < to; k += 2) {
            if (!Character.isUpperCase(pending.charAt(k)) || (k + 1 < to && pending.charAt(k + 1) != '.')) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesAny(String[] words, int from, int to) {
        for (String word : words) {
            if (word.length() == to - from && equalsIgnoringCase(word, from)) {
                return true;
            }
        }
        return false;
    }

    private boolean equalsIgnoringCase(String lowerCaseWord, int from) {
        for (int k = 0; k < lowerCaseWord.length(); k++) {
            if (Character.toLowerCase(pending.charAt(from + k)) != lowerCaseWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean allDigits(int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(pending.charAt(k))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= '０' && c <= '９');
    }

    private static int terminatorKind(char c) {
        return switch (c) {
            case '.' -> PERIOD;
            case '…' -> ELLIPSIS;
            case '!', '?', '‼', '⁇', '⁈', '⁉' -> STRONG;
            case '。', '｡', '！', '？', '．' -> CJK_STOP;
            default -> NOT_TERMINATOR;
        };
    }

    private static boolean isClauseMark(char c) {
        return c == ',' || c == ';' || c == ':' || c == '，' || c == '、' || c == '；' || c == '：';
    }

    private static boolean isDash(char c) {
        return c == '-' || c == '–' || c == '—';
    }

    private static boolean isCloser(char c) {
        return switch (c) {
            case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '）', '】', '〕', '〗', '〙', '〛', '〉', '》',
                 '］', '｝', '＂', '＇' -> true;
            default -> false;
        };
    }

    private static boolean isOpener(char c) {
        return switch (c) {
            case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '「', '『', '（', '【', '〔', '〖', '〘', '〚', '〈', '《',
                 '［', '｛', '¿', '¡' -> true;
            default -> false;
        };
    }

    /** Punctuation that continues a sentence when it follows ". ": "etc. , and" is not a sentence end. */
    private static boolean isContinuation(char c) {
        return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?' || c == ')' || c == ']'
                || c == '}' || c == '…';
    }

    private static boolean isCjkLetter(int codePoint) {
        if (Character.isIdeographic(codePoint)) {
            return true;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HANGUL;
    }

    /** Lengths of a {@link SentenceAggregator}; every one has a default. */
    public static final class Builder {

        private int firstClauseChars = DEFAULT_FIRST_CLAUSE_CHARS;
        private int clauseChars = DEFAULT_CLAUSE_CHARS;
        private int maxChars = DEFAULT_MAX_CHARS;

        private Builder() {
        }

        /**
         * Chars the first segment of a stream needs before a clause mark may end it; default
         * {@value SentenceAggregator#DEFAULT_FIRST_CLAUSE_CHARS}. More than {@code maxChars} disables it.
         */
        public Builder firstClauseChars(int chars) {
            this.firstClauseChars = positive("firstClauseChars", chars);
            return this;
        }

        /**
         * Chars any later segment needs before a clause mark may end it; default
         * {@value SentenceAggregator#DEFAULT_CLAUSE_CHARS}. More than {@code maxChars} disables it.
         */
        public Builder clauseChars(int chars) {
            this.clauseChars = positive("clauseChars", chars);
            return this;
        }

        /**
         * Chars after which a segment with no end is cut at its last whitespace, at least 2 (a surrogate pair);
         * default {@value SentenceAggregator#DEFAULT_MAX_CHARS}.
         */
        public Builder maxChars(int chars) {
            if (chars < 2) {
                throw new IllegalArgumentException("maxChars must be at least 2 (a surrogate pair), got " + chars);
            }
            this.maxChars = chars;
            return this;
        }

        public SentenceAggregator build() {
            return new SentenceAggregator(firstClauseChars, clauseChars, maxChars);
        }

        private static int positive(String name, int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + chars);
            }
            return chars;
        }
    }
}
