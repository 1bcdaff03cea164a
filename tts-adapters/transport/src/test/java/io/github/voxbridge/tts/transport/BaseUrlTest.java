package io.github.voxbridge.tts.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.BaseUrl;
import java.net.URI;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void aRootKeepsItsPathLosesTrailingSlashesAndGivesBothSchemes() throws TtsException {
        URI root = BaseUrl.parse("e", "option base-url", " https://proxy.example.com:8443/tts/v1// ",
                "https://api.example.com", true);
        assertThat(root).hasToString("https://proxy.example.com:8443/tts/v1");
        assertThat(BaseUrl.http(root, "/speak?x=1")).hasToString("https://proxy.example.com:8443/tts/v1/speak?x=1");
        assertThat(BaseUrl.webSocket(root, "/speak?x=1")).hasToString("wss://proxy.example.com:8443/tts/v1/speak?x=1");
        URI plain = BaseUrl.parse("e", "option base-url", "HTTP://127.0.0.1:9", "https://api.example.com", false);
        assertThat(BaseUrl.webSocket(plain, "/s")).hasToString("ws://127.0.0.1:9/s");
        assertThat(BaseUrl.http(plain, "/s")).hasToString("HTTP://127.0.0.1:9/s");
    }

    @Test
    void whatCannotBeARootIsABadRequestNamingSourceAndValue() {
        for (String bad : new String[] {"ftp://x", "localhost:8080", "https://k:secret@h", "https://h/?key=1",
            "https://h/#f", "http//h", "https://", " "}) {
            assertThatThrownBy(() -> BaseUrl.parse("e", "E_BASE_URL", bad, "https://api.example.com", true))
                    .isInstanceOfSatisfying(TtsException.class,
                            t -> assertThat(t.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST))
                    .hasMessage("e: E_BASE_URL = " + TtsException.excerpt(bad, 80)
                            + " is not an http(s) URL of the API root such as https://api.example.com");
        }
        assertThatThrownBy(() -> BaseUrl.parse("e", "option base-url", "https://h/p", "https://h", false))
                .hasMessageEndingWith("such as https://h (no path)");
    }
}
