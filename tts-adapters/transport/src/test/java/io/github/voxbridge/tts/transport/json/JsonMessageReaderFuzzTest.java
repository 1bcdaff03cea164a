package io.github.voxbridge.tts.transport.json;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text is read as Jackson reads it ({@link JacksonOracle}): accepted exactly when Jackson accepts it, with the
 * same top-level members and values, and base64 decoded as {@link java.util.Base64} decodes it; never an exception.
 * One reader serves every input, as one serves every message of a conversation. {@code mvn verify} replays the
 * committed inputs under {@code JsonMessageReaderFuzzTestInputs}; {@code scripts/fuzz.sh JsonMessageReaderFuzzTest}
 * fuzzes.
 */
class JsonMessageReaderFuzzTest {

    private static final JsonMessageReader READER =
            new JsonMessageReader(JacksonOracle.MAX_MEMBERS, JacksonOracle.MAX_DEPTH);

    @FuzzTest
    void anyTextIsReadAsJacksonReadsIt(FuzzedDataProvider data) {
        JacksonOracle.check(READER, data.consumeRemainingAsString());
    }
}
