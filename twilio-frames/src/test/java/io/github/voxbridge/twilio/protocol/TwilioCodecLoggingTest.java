package io.github.voxbridge.twilio.protocol;

import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.CONNECTED;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.DTMF;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.MARK;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.MEDIA;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.START;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link TwilioCodec} logs about what it does not know: each unknown field path (per event) and each unknown
 * event once, at INFO, on the logger {@value TwilioCodec#LOGGER_NAME}; nothing for the documented messages.
 *
 * <p>The codec logs through {@link System.Logger}. With no other {@link System.LoggerFinder} installed (none is, in
 * these tests), the JDK's default one hands each {@code System.getLogger(name)} to the {@code java.util.logging}
 * logger of that name; a handler on it sees the records, in process, without a service file. Only records of the
 * test's own thread are kept, so a component another test left running cannot add lines.
 */
class TwilioCodecLoggingTest {

    private static final String PREFIX = "voxbridge Twilio protocol: ";

    /** Held for the test's length: java.util.logging keeps its loggers weakly. */
    private Logger julLogger;
    private boolean parentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final long testThread = Thread.currentThread().threadId();

        @Override
        public void publish(LogRecord record) {
            if (record.getLongThreadID() == testThread) {
                synchronized (records) {
                    records.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final TwilioCodec codec = new TwilioCodec();

    @BeforeEach
    void captureTheCodecLogger() {
        julLogger = Logger.getLogger(TwilioCodec.LOGGER_NAME);
        parentHandlers = julLogger.getUseParentHandlers();
        julLogger.setUseParentHandlers(false);
        julLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        julLogger.removeHandler(capture);
        julLogger.setUseParentHandlers(parentHandlers);
    }

    /** The messages logged so far (without the common prefix, which each must have), and forgets them. */
    private List<String> logged() {
        List<String> lines = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                assertThat(r.getLevel()).as(r.getMessage()).isEqualTo(Level.INFO);
                assertThat(r.getLoggerName()).isEqualTo(TwilioCodec.LOGGER_NAME);
                assertThat(r.getMessage()).startsWith(PREFIX);
                lines.add(r.getMessage().substring(PREFIX.length()));
            }
            records.clear();
        }
        return lines;
    }

    @Test
    void theCaptureSeesWhatTheCodecLogs() {
        codec.parse("{\"event\":\"transcription\"}");
        assertThat(logged()).as("the capture works: else every test below proves nothing")
                .containsExactly("unknown event \"transcription\" passed on as Unknown");
    }

    @Test
    void documentedMessagesLogNothing() {
        for (String json : List.of(CONNECTED, START, MEDIA, DTMF, MARK, STOP)) {
            codec.parse(json);
        }
        codec.parse(START.replaceAll(",\"customParameters\":\\{[^}]*}", ""));
        assertThat(logged()).isEmpty();
    }

    @Test
    void eachUnknownFieldIsLoggedWithItsPathAndEvent() {
        codec.parse(CONNECTED.replace("{\"event\"", "{\"x\":1,\"event\""));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"connected\" ignored");

        codec.parse(MEDIA.replace("{\"event\"", "{\"x\":1,\"event\"").replace("\"track\":", "\"y\":2,\"track\":"));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"media\" ignored",
                "unknown field \"media.y\" in \"media\" ignored");

        codec.parse(DTMF.replace("{\"event\"", "{\"x\":1,\"event\"").replace("\"digit\":", "\"y\":2,\"digit\":"));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"dtmf\" ignored",
                "unknown field \"dtmf.y\" in \"dtmf\" ignored");

        codec.parse(MARK.replace("{\"event\"", "{\"x\":1,\"event\"").replace("\"name\":", "\"y\":2,\"name\":"));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"mark\" ignored",
                "unknown field \"mark.y\" in \"mark\" ignored");

        codec.parse(STOP.replace("{\"event\"", "{\"x\":1,\"event\"").replace("\"callSid\":", "\"y\":2,\"callSid\":"));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"stop\" ignored",
                "unknown field \"stop.y\" in \"stop\" ignored");

        codec.parse(START.replace("{\"event\"", "{\"x\":1,\"event\"").replace("\"tracks\":", "\"y\":2,\"tracks\":")
                .replace("\"channels\":", "\"z\":3,\"channels\":"));
        assertThat(logged()).containsExactly("unknown field \"x\" in \"start\" ignored",
                "unknown field \"start.y\" in \"start\" ignored",
                "unknown field \"start.mediaFormat.z\" in \"start\" ignored");
    }

    @Test
    void eachUnknownFieldIsLoggedOncePerEventEachUnknownEventOnce() {
        String media = MEDIA.replace("{\"event\"", "{\"x\":1,\"event\"");
        codec.parse(media);
        codec.parse(media);
        codec.parse(MARK.replace("{\"event\"", "{\"x\":1,\"event\""));
        codec.parse(MARK.replace("{\"event\"", "{\"x\":1,\"event\""));
        codec.parse("{\"event\":\"transcription\"}");
        codec.parse("{\"event\":\"transcription\",\"n\":2}");
        assertThat(logged()).containsExactly("unknown field \"x\" in \"media\" ignored",
                "unknown field \"x\" in \"mark\" ignored", "unknown event \"transcription\" passed on as Unknown");

        assertThat(new TwilioCodec().parse(media)).isEqualTo(codec.parse(MEDIA));
        assertThat(logged()).as("the memory is the codec's: a new one logs again")
                .containsExactly("unknown field \"x\" in \"media\" ignored");
    }

    @Test
    void aHostileNameIsLoggedAsABoundedExcerpt() {
        String name = "a\n" + "b".repeat(1000);
        codec.parse(CONNECTED.replace("{\"event\"", "{\"a\\n" + "b".repeat(1000) + "\":1,\"event\""));
        assertThat(logged()).containsExactly("unknown field " + TwilioProtocolException.excerpt(name)
                + " in \"connected\" ignored");
    }

    /** 256 names are remembered; past them nothing more is logged, so a hostile stream cannot fill memory or log. */
    @Test
    void afterTwoHundredFiftySixNamesNothingMoreIsLogged() {
        StringBuilder json = new StringBuilder("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"");
        for (int i = 0; i < 300; i++) {
            json.append(",\"f").append(i).append("\":0");
        }
        codec.parse(json.append('}').toString());
        List<String> lines = logged();
        assertThat(lines).hasSize(256);
        assertThat(lines.get(0)).isEqualTo("unknown field \"f0\" in \"connected\" ignored");
        assertThat(lines.get(255)).isEqualTo("unknown field \"f255\" in \"connected\" ignored");

        codec.parse("{\"event\":\"transcription\"}");
        codec.parse(MEDIA.replace("{\"event\"", "{\"x\":1,\"event\""));
        assertThat(logged()).isEmpty();
    }
}
