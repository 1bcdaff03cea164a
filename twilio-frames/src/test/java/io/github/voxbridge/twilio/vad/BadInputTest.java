package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings out of range and misuse of a detector are refused with a message naming the value. */
class BadInputTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        VadSettings s = VadSettings.defaults(8000);
        assertThat(s.startThresholdDbfs()).isEqualTo(-34.0);
        assertThat(s.echoReturnLossDb()).isEqualTo(24.0);
        assertThat(VadSettings.builder(8000).echoReturnLossDb(30).build().echoReturnLossDb()).isEqualTo(30.0);
        assertThat(s.endThresholdDbfs()).isEqualTo(-40.0);
        assertThat(s.onsetThresholdDbfs()).isEqualTo(-44.0);
        assertThat(s.startMillis()).isEqualTo(100);
        assertThat(s.endMillis()).isEqualTo(300);
        assertThat(s.highPassHz()).isEqualTo(200);
        assertThat(s.blockSamples()).isEqualTo(80);
        assertThat(VadSettings.defaults(16_000).blockSamples()).isEqualTo(160);
        assertThat(s).hasToString("VadSettings[8000 Hz, start -34.0 dBFS for 100 ms timed from -44.0 dBFS, end -40.0"
                + " dBFS for 300 ms, high-pass 200 Hz, echo return loss 24.0 dB]");
        // Unset, the onset threshold follows the end threshold, and stops at the lowest threshold accepted.
        assertThat(VadSettings.builder(8000).endThresholdDbfs(-50).build().onsetThresholdDbfs()).isEqualTo(-54.0);
        assertThat(VadSettings.builder(8000).endThresholdDbfs(-88).build().onsetThresholdDbfs()).isEqualTo(-90.0);
        assertThat(VadSettings.builder(8000).onsetThresholdDbfs(-40).build().onsetThresholdDbfs()).isEqualTo(-40.0);
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheValue() {
        for (int rate : new int[] {0, -8000, 7999, 11_025, 24_000, 48_000}) {
            assertThatThrownBy(() -> VadSettings.builder(rate)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sample rate " + rate + " Hz not supported: 8000 or 16000 (what InboundTrackDecoder"
                            + " delivers)");
        }
        VadSettings.Builder b = VadSettings.builder(8000);
        for (double dbfs : new double[] {0.5, 1, -90.5, -200, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> b.startThresholdDbfs(dbfs)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("start threshold " + dbfs + " dBFS out of range: -90.0 to 0 dBFS");
            assertThatThrownBy(() -> b.endThresholdDbfs(dbfs)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("end threshold " + dbfs + " dBFS out of range: -90.0 to 0 dBFS");
            assertThatThrownBy(() -> b.onsetThresholdDbfs(dbfs)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("onset threshold " + dbfs + " dBFS out of range: -90.0 to 0 dBFS");
        }
        for (double db : new double[] {-0.5, 90.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> b.echoReturnLossDb(db)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("echo return loss " + db + " dB out of range: 0 to 90.0 dB");
        }
        for (int ms : new int[] {0, -10, 5, 95, 101, 60_010, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> b.startMillis(ms)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("start time " + ms + " ms invalid: a positive multiple of 10 ms (the energy block),"
                            + " at most 60000 ms");
            assertThatThrownBy(() -> b.endMillis(ms)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("end time " + ms + " ms invalid");
        }
        for (int hz : new int[] {-1, 1, 9, 1001, 4000}) {
            assertThatThrownBy(() -> b.highPassHz(hz)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("high-pass corner " + hz + " Hz out of range: 0 (off) or 10 to 1000 Hz");
        }
        assertThatThrownBy(() -> VadSettings.builder(8000).startThresholdDbfs(-45).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("end threshold -40.0 dBFS is above start threshold -45.0 dBFS: the hysteresis needs"
                        + " end <= start");
        assertThatThrownBy(() -> VadSettings.builder(8000).onsetThresholdDbfs(-39.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("onset threshold -39.5 dBFS is above end threshold -40.0 dBFS: a run is timed from"
                        + " onset <= end");
        // The edges are accepted.
        VadSettings edges = VadSettings.builder(16_000).startThresholdDbfs(0).endThresholdDbfs(-90).startMillis(10)
                .endMillis(60_000).highPassHz(1000).build();
        assertThat(edges.startThresholdDbfs()).isZero();
        assertThat(VadSettings.builder(8000).startThresholdDbfs(-40).highPassHz(0).highPassHz(10).build()
                .startThresholdDbfs()).isEqualTo(-40);
    }

    @Test
    void feedingOutOfBoundsOrAfterFinishIsRefused() {
        EventLog log = new EventLog();
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(8000, log);
        assertThatThrownBy(() -> d.feed((short[]) null, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("pcm");
        assertThatThrownBy(() -> d.feed((byte[]) null, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("pcm");
        assertThatThrownBy(() -> d.feed(new short[160], 100, 61)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("100").hasMessageContaining("61").hasMessageContaining("160");
        assertThatThrownBy(() -> d.feed(new short[160], -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.feed(new byte[320], 0, -2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(d.samplesFed()).as("nothing fed by refused calls").isZero();
        d.feed(new short[160], 160, 0); // empty is fine, also at the end
        d.finish();
        assertThatThrownBy(() -> d.feed(new short[160], 0, 160)).isInstanceOf(IllegalStateException.class)
                .hasMessage("audio fed after finish() at sample 0");
        assertThatThrownBy(() -> d.feed(new byte[2], 0, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new VoiceActivityDetector(null, log)).isInstanceOf(NullPointerException.class)
                .hasMessage("settings");
        assertThatThrownBy(() -> VoiceActivityDetector.withDefaults(8000, null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> VoiceActivityDetector.withDefaults(22_050, log))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22050");
    }

    @Test
    void anOddByteLeftAtTheEndIsReportedNotDropped() {
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(8000, new EventLog());
        d.feed(new byte[161], 0, 161);
        assertThat(d.samplesFed()).isEqualTo(80);
        assertThatThrownBy(d::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("odd byte count at end of stream: 1 byte left after sample 80 (16-bit samples)");
        d.finish(); // finished all the same: idempotent, no second exception
    }

    @Test
    void levelIsNaNBeforeTheFirstBlockAndMinusInfinityForDigitalSilence() {
        VoiceActivityDetector d = VoiceActivityDetector.withDefaults(8000, new EventLog());
        assertThat(d.lastBlockLevelDbfs()).isNaN();
        d.feed(new short[79], 0, 79);
        assertThat(d.lastBlockLevelDbfs()).isNaN();
        d.feed(new short[1], 0, 1);
        assertThat(d.lastBlockLevelDbfs()).isEqualTo(Double.NEGATIVE_INFINITY);
        // A full-scale square through no filter is 0 dBFS; a 1 kHz sine at full scale -3.01 dBFS through the filter.
        VoiceActivityDetector raw = new VoiceActivityDetector(VadSettings.builder(8000).highPassHz(0).build(),
                new EventLog());
        short[] square = new short[80];
        for (int i = 0; i < 80; i++) {
            square[i] = (short) (i % 2 == 0 ? -32768 : -32768);
        }
        raw.feed(square, 0, 80);
        assertThat(raw.lastBlockLevelDbfs()).isEqualTo(0.0);
        short[] sine = new short[8000];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (short) Math.round(32767 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        d.feed(sine, 0, sine.length);
        assertThat(d.lastBlockLevelDbfs()).isCloseTo(-3.01, org.assertj.core.data.Offset.offset(0.05));
    }
}
