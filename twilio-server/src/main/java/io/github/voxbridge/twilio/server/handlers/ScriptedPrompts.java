package io.github.voxbridge.twilio.server.handlers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A phone menu from a small JSON file: a greeting, then a prompt per key, a fallback for other keys, and an optional
 * key that says goodbye and hangs up.
 *
 * <pre>
 * {
 *   "greeting": "Welcome. Press 1 for opening hours, 2 for our address, or pound to hang up.",
 *   "prompts": { "1": "We are open nine to five.", "2": "We are at 1 Main Street." },
 *   "otherwise": "Sorry, that key does nothing. Press 1 or 2.",
 *   "hangUp": { "key": "#", "say": "Goodbye." }
 * }
 * </pre>
 * Only {@code greeting} and {@code prompts} are required. A key pressed while something plays interrupts it.
 *
 * @param greeting  spoken when the call starts
 * @param prompts   key ({@code 0-9 * #}) to what is said when it is pressed
 * @param otherwise said for any other key; empty for silence
 * @param hangUpKey the key that ends the call, if any
 * @param goodbye   said before hanging up
 */
public record ScriptedPrompts(String greeting, Map<String, String> prompts, String otherwise,
                             Optional<String> hangUpKey, String goodbye) {

    private static final Set<String> KEYS = Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#");

    /** Checks the script: every key a single DTMF key, no key both a prompt and the hang-up key. */
    public ScriptedPrompts {
        Objects.requireNonNull(greeting, "greeting");
        prompts = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(prompts, "prompts")));
        Objects.requireNonNull(otherwise, "otherwise");
        Objects.requireNonNull(hangUpKey, "hangUpKey");
        Objects.requireNonNull(goodbye, "goodbye");
        for (String key : prompts.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("script: prompt key \"" + key + "\" is not a phone key (0-9, *, #)");
            }
        }
        if (hangUpKey.isPresent()) {
            String key = hangUpKey.get();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("script: hang-up key \"" + key + "\" is not a phone key (0-9, *, #)");
            }
            if (prompts.containsKey(key)) {
                throw new IllegalArgumentException("script: key \"" + key + "\" is both a prompt and the hang-up key");
            }
        }
    }

    /**
     * Reads a script file.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static ScriptedPrompts read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("script " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static ScriptedPrompts parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("script: the file must hold one JSON object");
        }
        String greeting = text(root, "greeting", true);
        JsonNode promptsNode = root.get("prompts");
        if (promptsNode == null || !promptsNode.isObject()) {
            throw new IllegalArgumentException("script: \"prompts\" must be an object of key to text, e.g."
                    + " {\"1\": \"We are open nine to five.\"}");
        }
        Map<String, String> prompts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = promptsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("script: prompt \"" + e.getKey() + "\" must be a string");
            }
            prompts.put(e.getKey(), e.getValue().textValue());
        }
        String otherwise = text(root, "otherwise", false);
        Optional<String> hangUpKey = Optional.empty();
        String goodbye = "";
        JsonNode hangUp = root.get("hangUp");
        if (hangUp != null) {
            if (!hangUp.isObject()) {
                throw new IllegalArgumentException("script: \"hangUp\" must be an object like {\"key\": \"#\","
                        + " \"say\": \"Goodbye.\"}");
            }
            hangUpKey = Optional.of(text(hangUp, "key", true));
            goodbye = text(hangUp, "say", false);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Set.of("greeting", "prompts", "otherwise", "hangUp").contains(name)) {
                throw new IllegalArgumentException("script: unknown field \"" + name + "\" (known: greeting, prompts,"
                        + " otherwise, hangUp)");
            }
        }
        return new ScriptedPrompts(greeting, prompts, otherwise, hangUpKey, goodbye);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("script: \"" + field + "\" is missing");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("script: \"" + field + "\" must be a string, was " + value);
        }
        return value.textValue();
    }

    /** Makes one handler per call for this script. */
    public Supplier<CallHandler> handlers() {
        return () -> new CallHandler() {
            private boolean hangingUp;

            @Override
            public void onStart(Call call) {
                if (!greeting.isBlank()) {
                    call.say(greeting);
                }
            }

            @Override
            public void onDtmf(Call call, String digit) {
                if (hangingUp) {
                    return;
                }
                call.interrupt();
                if (hangUpKey.isPresent() && hangUpKey.get().equals(digit)) {
                    hangingUp = true;
                    call.bargeIn(false);
                    if (goodbye.isBlank()) {
                        call.hangUp();
                    } else {
                        call.say(goodbye).outcome().whenComplete((outcome, error) -> call.hangUp());
                    }
                    return;
                }
                String answer = prompts.getOrDefault(digit, otherwise);
                if (!answer.isBlank()) {
                    call.say(answer);
                }
            }

            @Override
            public String toString() {
                return "script with " + prompts.size() + " prompts";
            }
        };
    }
}
