package io.github.voxbridge.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases of {@link SentenceAggregator}'s Javadoc rules, one rule per test: the lookahead bound, the decimal
 * point, list markers, initials, dashes, every clause mark and continuing punctuation mark, CJK scripts, and the
 * hard limit at the end of the input. Each input is checked fed whole and fed one char at a time (the segments
 * depend only on the text).
 */
class SentenceAggregatorEdgeTest {

    private static final int LOOKAHEAD = SentenceAggregator.LOOKAHEAD_CHARS;

    /** Segments of {@code text} fed in one piece, then one char at a time: both must agree. */
    private static List<String> segments(SentenceAggregator aggregator, String text) {
        List<String> whole = new ArrayList<>();
        aggregator.accept(text, whole::add);
        aggregator.finish(whole::add);
        List<String> chars = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            aggregator.accept(text.substring(i, i + 1), chars::add);
        }
        aggregator.finish(chars::add);
        assertThat(chars).as("one char at a time, %s", text).isEqualTo(whole);
        return whole;
    }

    private static List<String> segments(String text) {
        return segments(new SentenceAggregator(), text);
    }

    /** Clause ends disabled ("more than maxChars disables it"), so only sentence ends split. */
    private static SentenceAggregator sentencesOnly() {
        return SentenceAggregator.builder().firstClauseChars(1000).clauseChars(1000).build();
    }

    // --- the lookahead is never longer than LOOKAHEAD_CHARS: a pathological run is decided after that many ---

    @Test
    void aRunOfTerminatorsAsLongAsTheLookaheadIsDecidedWithoutTheCharAfterIt() {
        // 31 '!' then a space: a sentence end (the space is within the lookahead).
        String bangs31 = "!".repeat(LOOKAHEAD - 1);
        assertThat(segments("Hi" + bangs31 + " there")).containsExactly("Hi" + bangs31, "there");
        // 32 '!': decided (no end) after the 32nd, so the space after it cannot make it an end.
        String bangs32 = "!".repeat(LOOKAHEAD);
        assertThat(segments("Hi" + bangs32 + " there")).containsExactly("Hi" + bangs32 + " there");
    }

    @Test
    void aRunOfSpacesAfterAPeriodAsLongAsTheLookaheadEndsTheSentence() {
        // 31 spaces: the lower-case word after them is within the lookahead and continues the sentence.
        assertThat(segments("It is late." + " ".repeat(LOOKAHEAD - 1) + "and more"))
                .containsExactly("It is late. and more");
        // 32 spaces: decided as at the end of the input (an end); the word after them is not looked at.
        assertThat(segments("It is late." + " ".repeat(LOOKAHEAD) + "and more"))
                .containsExactly("It is late.", "and more");
    }

    @Test
    void aClauseMarkWithClosersAsLongAsTheLookaheadIsDecidedWithoutTheCharAfterThem() {
        String clause = "We waited a long while here,"; // 28 chars: past firstClauseChars (24)
        // ',' + 30 closers + space: a clause end.
        String closers30 = ")".repeat(LOOKAHEAD - 2);
        assertThat(segments(clause + closers30 + " and then more. Then it ended."))
                .containsExactly(clause + closers30, "and then more.", "Then it ended.");
        // ',' + 31 closers fill the lookahead: no end, and the scan goes on to the next sentence end.
        String closers31 = ")".repeat(LOOKAHEAD - 1);
        assertThat(segments(clause + closers31 + " and then more. Then it ended."))
                .containsExactly(clause + closers31 + " and then more.", "Then it ended.");
    }

    @Test
    void aRunOfDashesAsLongAsTheLookaheadIsDecidedWithoutTheCharAfterIt() {
        String clause = "We waited for a long while"; // 26 chars
        String dashes31 = "-".repeat(LOOKAHEAD - 1);
        assertThat(segments(clause + dashes31 + " then it came."))
                .containsExactly(clause + dashes31, "then it came.");
        String dashes32 = "-".repeat(LOOKAHEAD);
        assertThat(segments(clause + dashes32 + " then it came."))
                .containsExactly(clause + dashes32 + " then it came.");
    }

    // --- line break: always an end, decided at once ---

    @Test
    void aLineBreakAfterAPeriodEndsTheSentenceAtOnce() {
        // "a line break at once": the segment comes out in the call that delivers the line break, without
        // waiting for the next visible char (which after a period would otherwise decide).
        SentenceAggregator aggregator = new SentenceAggregator();
        List<String> out = new ArrayList<>();
        aggregator.accept("It is late.\n", out::add);
        assertThat(out).containsExactly("It is late.");
        aggregator.accept("\"Stop!\"\n", out::add);
        assertThat(out).containsExactly("It is late.", "\"Stop!\"");
        aggregator.finish(out::add);
        assertThat(out).containsExactly("It is late.", "\"Stop!\"");
    }

    // --- CJK: the full-width stop between two digits is a decimal point ---

    @ParameterizedTest
    @ValueSource(strings = {"3．5", "0．9", "9．0", "０．９", "９．０"})
    void aFullWidthStopBetweenTwoDigitsIsADecimalPoint(String number) {
        assertThat(segments("約" + number + "秒")).containsExactly("約" + number + "秒");
    }

    @Test
    void aFullWidthStopAfterALetterEndsTheSentence() {
        assertThat(segments("好．再见")).containsExactly("好．", "再见");
        // Not between two digits: ". ." is a run of two stops, "3．x" has no digit after.
        assertThat(segments("3．．5")).containsExactly("3．．", "5");
        // A digit after it but a letter before: not between two digits, so a sentence end.
        assertThat(segments("好．5")).containsExactly("好．", "5");
        assertThat(segments("第一章．５人")).containsExactly("第一章．", "５人");
    }

    // --- ! ? followed by a CJK letter (no whitespace needed), in every CJK script ---

    @ParameterizedTest
    @MethodSource("cjkAfterBang")
    void aBangFollowedByACjkLetterEndsTheSentence(String first, String second) {
        assertThat(segments(first + second)).containsExactly(first, second);
    }

    static Stream<Arguments> cjkAfterBang() {
        return Stream.of(
                Arguments.of("好!", "再见"),       // Han
                Arguments.of("はい!", "そうです"),   // Hiragana
                Arguments.of("ハイ!", "ソウデス"),   // Katakana
                Arguments.of("네!", "좋아요"),       // Hangul
                Arguments.of("好!", "\uD840\uDC00好")); // U+20000, a Han ideograph outside the BMP
    }

    @Test
    void aBangBeforeTheFirstHalfOfASurrogatePairWaitsForTheSecondHalf() {
        // Fed one char at a time, the high surrogate arrives alone; whether U+20000 is a CJK letter is only known
        // with its low surrogate, so the decision waits for it (segments() checks both feedings agree).
        assertThat(segments("好!\uD840\uDC00")).containsExactly("好!", "\uD840\uDC00");
        // A Latin letter outside the BMP (U+1D400, mathematical bold A) after '!' is no end.
        assertThat(segments("Go!\uD835\uDC00")).containsExactly("Go!\uD835\uDC00");
    }

    @Test
    void theHardLimitHoldsAtTheEndOfInputEndingInHalfASurrogatePair() {
        // A stream cut off after the high surrogate: at finish the '!' is decided as no end, and the segment,
        // past maxChars (5), is cut right at the limit like any other.
        SentenceAggregator aggregator = SentenceAggregator.builder().maxChars(5).build();
        assertThat(segments(aggregator, "abc!)\uD840")).containsExactly("abc!)", "\uD840");
    }

    // --- a single '.': the word before it ---

    @Test
    void oneToThreeDigitsAtTheStartOfASegmentAreAListMarker() {
        assertThat(segments("9. Open the app.")).containsExactly("9. Open the app.");
        assertThat(segments("10. Open the app.")).containsExactly("10. Open the app.");
        assertThat(segments("123. Open the app.")).containsExactly("123. Open the app.");
        // Four digits are a number (a year), not a list marker.
        assertThat(segments("It was 2024. Then it rained.")).containsExactly("It was 2024.", "Then it rained.");
        assertThat(segments("2024. Then it rained.")).containsExactly("2024.", "Then it rained.");
    }

    @Test
    void aShortWordOrNoWordAtTheStartOfASegmentIsNoListMarker() {
        // Only digits make a list marker: a short word before the dot ends the sentence.
        assertThat(segments("Yes. We can.")).containsExactly("Yes.", "We can.");
        // An empty word (the dot stands alone) is not "1 to 3 digits" either.
        assertThat(segments(". Then it went on.")).containsExactly(".", "Then it went on.");
    }

    @Test
    void aTitleAfterAnOpeningBracketIsStillATitle() {
        // The word before the dot is taken after opening quotes or brackets: "(Dr." is "Dr.".
        assertThat(segments("She met (Dr. Watson) there. Then tea."))
                .containsExactly("She met (Dr. Watson) there.", "Then tea.");
        assertThat(segments("He said \"Mr. Holmes\" twice. Then left."))
                .containsExactly("He said \"Mr. Holmes\" twice.", "Then left.");
    }

    @Test
    void anAcronymWithoutDotsIsNotInitials() {
        // Initials are upper-case letters separated by dots ("U.S."); "IBM." is a word that ends a sentence.
        assertThat(segments("I work for IBM. They pay well.")).containsExactly("I work for IBM.", "They pay well.");
        assertThat(segments("I work in the U.S. They pay well.")).containsExactly("I work in the U.S. They pay well.");
    }

    // --- clause ends: every mark, and dashes ---

    @ParameterizedTest
    @ValueSource(strings = {",", ";", ":", "，", "、", "；", "："})
    void everyClauseMarkEndsALongEnoughClause(String mark) {
        String clause = "We waited a long while here" + mark; // 28 chars: past firstClauseChars (24)
        assertThat(segments(clause + " and then it came.")).containsExactly(clause, "and then it came.");
    }

    @Test
    void aCjkClauseMarkNeedsNoWhitespaceAfterIt() {
        String clause = "We waited a long while here：";
        assertThat(segments(clause + "then it came.")).containsExactly(clause, "then it came.");
        // An ASCII ':' needs the whitespace (3:30 stays whole).
        assertThat(segments("We waited a long while here:then it came."))
                .containsExactly("We waited a long while here:then it came.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"—", "–", "--"})
    void aWideOrDoubledDashFollowedByWhitespaceEndsALongEnoughClause(String dash) {
        String clause = "We waited for a long while" + dash; // 26 chars before the dash
        assertThat(segments(clause + " then it came.")).containsExactly(clause, "then it came.");
        // Not followed by whitespace: no end.
        assertThat(segments(clause + "then it came.")).containsExactly(clause + "then it came.");
    }

    @Test
    void aHyphenEndsAClauseOnlyWhenSpacedOnBothSides() {
        // A spaced " - " is a dash.
        assertThat(segments("We waited for a long while - then it came."))
                .containsExactly("We waited for a long while -", "then it came.");
        // A hyphen followed by a space but attached to the word before ("pre- and post-war") is not.
        assertThat(segments("We compared the numbers for pre- and post-war years."))
                .containsExactly("We compared the numbers for pre- and post-war years.");
    }

    // --- after ". ", a continuing punctuation mark means no sentence end ---

    @ParameterizedTest
    @ValueSource(strings = {",", ";", ":", ".", ")", "]", "}", "…"})
    void aContinuingMarkAfterAPeriodContinuesTheSentence(String mark) {
        assertThat(segments(sentencesOnly(), "Pens etc. " + mark + " and paper."))
                .containsExactly("Pens etc. " + mark + " and paper.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!", "?"})
    void aStrongMarkAfterAPeriodContinuesItsSentenceWhichItThenEnds(String mark) {
        // "etc. !" is one sentence ('!' continues it), ended by that '!' and the space after it.
        assertThat(segments(sentencesOnly(), "Pens etc. " + mark + " and paper."))
                .containsExactly("Pens etc. " + mark, "and paper.");
    }
}
