package io.github.voxbridge.tts.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.transport.http.RequestTextSplitter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestTextSplitterTest {

    @Test
    void textWithinTheLimitIsOnePieceUnchanged() {
        String text = "  Hello,\n  world.  ";
        assertThat(RequestTextSplitter.split(text, 200)).containsExactly(text);
        String exact = "x".repeat(4096);
        assertThat(RequestTextSplitter.split(exact, 4096)).containsExactly(exact);
        assertThat(RequestTextSplitter.split(" \n ", 200)).isEmpty();
    }

    @Test
    void longerTextIsCutBetweenSentencesIntoFullPiecesInOrder() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() <= 5000; i++) {
            text.append("Sentence ").append(i).append(" is about the weather, which is fine today. ");
        }
        List<String> pieces = RequestTextSplitter.split(text.toString(), 4096);
        assertThat(pieces).hasSize(2);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(pieces.get(0)).endsWith("fine today.");
        assertThat(pieces.get(1)).startsWith("Sentence ");
        assertThat(pieces.get(0).length() + 1 + "Sentence 99 is about the weather, which is fine today.".length())
                .as("the first piece holds as many sentences as fit").isGreaterThan(4096);
        assertThat(String.join(" ", pieces)).isEqualTo(text.toString().strip());
    }

    @Test
    void aSentenceOverTheLimitIsCutAtWhitespaceAndNothingIsLost() {
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            int limit = RequestTextSplitter.MIN_LIMIT + random.nextInt(400);
            StringBuilder text = new StringBuilder();
            int length = limit + random.nextInt(5 * limit);
            while (text.length() < length) {
                int word = 1 + random.nextInt(limit / 2);
                text.append("abcdefghij".repeat(word / 10 + 1), 0, word);
                text.append(switch (random.nextInt(8)) {
                    case 0 -> ". ";
                    case 1 -> "! \"";
                    case 2 -> "\n";
                    case 3 -> "\uD83D\uDE00"; // a surrogate pair, never to be split
                    default -> " ";
                });
            }
            List<String> pieces = RequestTextSplitter.split(text.toString(), limit);
            assertThat(pieces).allSatisfy(p -> {
                assertThat(p.length()).isBetween(1, limit);
                assertThat(p).isEqualTo(p.strip());
                assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
            });
            assertThat(String.join("", pieces).replaceAll("\\s", ""))
                    .isEqualTo(text.toString().replaceAll("\\s", ""));
        }
    }

    @Test
    void aLimitTooSmallForTheLookaheadIsRefused() {
        assertThatThrownBy(() -> RequestTextSplitter.split("x", RequestTextSplitter.MIN_LIMIT - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 128 chars, was 127");
    }
}
