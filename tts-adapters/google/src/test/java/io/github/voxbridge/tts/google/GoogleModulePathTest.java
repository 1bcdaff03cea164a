package io.github.voxbridge.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.json.gson.GsonFactory;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.internal.InternalFutureFailureAccess;
import com.google.gson.Gson;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import io.grpc.Context;
import io.opencensus.contrib.http.util.HttpPropagationUtil;
import io.opencensus.trace.Tracing;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors work with Google's auth library: a child JVM runs a user module
 * ({@code src/test/resources/module-path-app}) requiring only the TTS API, with this module and every jar it needs
 * at run time on the module path (the auth library's automatic modules, Guava and Gson as explicit modules). It
 * speaks with a service-account file against {@link FakeTokenEndpoint} and {@link FakeGoogleServer} running here.
 * This caught Guava and Gson left unresolved (nothing required them) until this module required them. The rest of
 * the suite runs on the class path.
 */
class GoogleModulePathTest {

    @TempDir
    Path work;

    private static String locationOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aServiceAccountSpeaksOnTheModulePath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(SampleEncoding.class, TtsEngines.class, HttpEngineClient.class,
                GoogleEngine.class, ObjectMapper.class, JsonParser.class, JsonProperty.class,
                GoogleCredentials.class, Credentials.class, HttpRequest.class, GsonFactory.class, Gson.class,
                ImmutableMap.class, InternalFutureFailureAccess.class, Tracing.class, HttpPropagationUtil.class,
                Context.class)) {
            entries.add(locationOf(type));
        }
        String modulePath = String.join(File.pathSeparator, entries);

        Path sources = Path.of(GoogleModulePathTest.class.getResource("/module-path-app/module-info.java").toURI())
                .getParent();
        Path classes = work.resolve("app");
        List<String> javacArgs = new ArrayList<>(List.of("--release", "21", "--module-path", modulePath,
                "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javacArgs.add(f.toString()));
        }
        StringWriter log = new StringWriter();
        int compiled = ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(log, true), new PrintWriter(log, true), javacArgs.toArray(String[]::new));
        assertThat(compiled).as("javac %s:%n%s", javacArgs, log).isZero();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        try (FakeTokenEndpoint tokens = new FakeTokenEndpoint();
                FakeGoogleServer server = FakeGoogleServer.withBearerTokens(t -> tokens.issued.contains(t))) {
            tokens.acceptServiceAccount(keys.getPublic());
            server.respond((exchange, request) -> FakeGoogleServer.audio(exchange,
                    FakeGoogleServer.muLawWav(new byte[801])));
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                    .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            Path json = Files.writeString(work.resolve("sa.json"), FakeGoogleServer.JSON.createObjectNode()
                    .put("type", "service_account").put("private_key_id", "kid-1").put("private_key", pem)
                    .put("client_email", "tts@voxbridge-test.iam.gserviceaccount.com").put("client_id", "1")
                    .put("token_uri", tokens.uri()).toString());

            String exe = System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java";
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", exe).toString(),
                    "--module-path", modulePath + File.pathSeparator + classes,
                    "--module", "io.github.voxbridge.googleapp/io.github.voxbridge.googleapp.SpeakMain",
                    json.toString(), server.baseUrl());
            Path out = work.resolve("stdout.txt");
            Path err = work.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("GOOGLE_API_KEY"); // else the key, not the file, would be used
            Process process = builder.start();
            // A guard against a hung child, not a speed requirement.
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + command);
            }
            String report = String.join(" ", command) + "\nexit " + process.exitValue() + "\nstdout:\n"
                    + Files.readString(out) + "stderr:\n" + Files.readString(err);
            assertThat(process.exitValue()).as(report).isZero();
            assertThat(Files.readAllLines(out)).as(report).containsExactly(
                    "engine module: io.github.voxbridge.tts.google", "format: mulaw mono 8000 Hz", "bytes: 801");
            assertThat(server.requests).singleElement()
                    .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer ya29.issued-1"));
        }
    }
}
