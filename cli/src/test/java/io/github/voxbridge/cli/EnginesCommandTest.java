package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EnginesCommandTest {

    /** A provider with the given requirements, for the listing's layout. */
    private record Listed(String name, String description, List<EngineRequirement> requirements)
            implements TtsEngineProvider {
        @Override
        public TtsEngine create(Map<String, String> options) {
            throw new UnsupportedOperationException("listing only");
        }
    }

    @Test
    void everyEngineOnTheClassPathIsListedOnOneLineWithItsNeeds() {
        StringWriter out = new StringWriter();
        var cmd = VoxbridgeCommand.commandLine(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cmd.execute("engines"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(TtsEngines.providers().size(), lines.size(), out.toString());
        List<String> names = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertEquals(List.copyOf(TtsEngines.providers().keySet()), names);
        // Issue 12's acceptance: the command (which depends on every engine module) lists all of them.
        assertTrue(names.containsAll(List.of("freetts", "prerecorded", "espeak", "piper", "openai", "elevenlabs",
                "deepgram", "cartesia", "google", "azure", "polly")), names.toString());
        String freetts = lines.get(names.indexOf("freetts"));
        assertTrue(freetts.contains(TtsEngines.providers().get("freetts").description())
                && freetts.endsWith("ready (needs nothing)"), freetts);
    }

    @Test
    void needsAreShownMetOrMissingWithWhatToDoAndNamesAligned() {
        Map<String, TtsEngineProvider> providers = new TreeMap<>();
        providers.put("cloud", new Listed("cloud", "a cloud engine", List.of(
                new EngineRequirement("CLOUD_API_KEY", false, "not set: export CLOUD_API_KEY=..."))));
        providers.put("local", new Listed("local", "a program", List.of(
                new EngineRequirement("prog", true, "/usr/bin/prog"),
                new EngineRequirement("model", false, "no file /m.onnx"))));
        providers.put("embedded-engine", new Listed("embedded-engine", "inside", List.of(
                new EngineRequirement("prog", true, "/usr/bin/prog"))));
        assertEquals(List.of(
                "cloud            a cloud engine  not ready (missing CLOUD_API_KEY: not set: export CLOUD_API_KEY=...)",
                "embedded-engine  inside          ready (prog: /usr/bin/prog)",
                "local            a program       not ready (prog: /usr/bin/prog; missing model: no file /m.onnx)"),
                EnginesCommand.lines(providers));
    }

    @Test
    void aFailureIsDescribedWithEngineKindRetryDelayAndMessage() {
        assertEquals("openai failed (RATE_LIMITED, retry after 7 s): HTTP 429: 'slow down'",
                SpeakCommand.describe(new TtsException(TtsException.Kind.RATE_LIMITED, "openai",
                        "HTTP 429: 'slow down'", null, Duration.ofSeconds(7))));
        assertEquals("openai failed (RATE_LIMITED, retry after 0.250 s): HTTP 429",
                SpeakCommand.describe(new TtsException(TtsException.Kind.RATE_LIMITED, "openai", "HTTP 429", null,
                        Duration.ofMillis(250))));
        assertEquals("espeak failed (UNAVAILABLE): espeak-ng not found",
                SpeakCommand.describe(new TtsException(TtsException.Kind.UNAVAILABLE, "espeak",
                        "espeak-ng not found")));
    }
}
