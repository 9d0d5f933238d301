package org.rdc.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The strength estimate of device API keys: length x log2(alphabet), 128 bits required. */
class ApiKeysTest {

    @Test
    void estimatesFromLengthAndAlphabet() {
        assertThat(ApiKeys.entropyBits("3f9c2a7be41d8065c3b9f2e7a1d40c6b")).isEqualTo(128.0); // 32 hex digits
        assertThat(ApiKeys.strong("3f9c2a7be41d8065c3b9f2e7a1d40c6")).as("31 hex digits: 124 bits").isFalse();
        assertThat(ApiKeys.strong("q8Zr1fK0wPz7LmNc3Vb5Tg==")).as("openssl rand -base64 16: 22 characters, 132 bits").isTrue();
        assertThat(ApiKeys.entropyBits("q8Zr1fK0wPz7LmNc3Vb5Tg==")).isEqualTo(22 * 6.0);
        assertThat(ApiKeys.strong("123456789012345678901234567890123456789")).as("39 digits: 129.6 bits").isTrue();
        assertThat(ApiKeys.strong("12345678901234567890123456789012345678")).as("38 digits: 126.2 bits").isFalse();
        assertThat(ApiKeys.strong("demo-dr-key")).isFalse();
        assertThat(ApiKeys.strong("zhushan-ecg-secret")).as("18 characters of letters and '-': 118 bits").isFalse();
        assertThat(ApiKeys.strong("a".repeat(64))).as("one character repeated is no random key").isFalse();
        assertThat(ApiKeys.strong("abababababababababababababababababababab")).isFalse();
        assertThat(ApiKeys.strong("钥匙".repeat(20))).as("not printable ASCII: no HTTP header carries it").isFalse();
    }

    @Test
    void theFacilitiesFileRefusesAWeakKeyNamingTheDevice() {
        assertThatThrownBy(() -> FacilitiesFile.parse(new StringReader("""
                facilities:
                  - id: th01
                    devices:
                      - {aeTitle: TH01_ECG, kind: ECG, apiKey: "th01-ecg-key"}
                """), "f.yaml"))
                .hasMessageContaining("f.yaml: facility 'th01', device 'TH01_ECG'")
                .hasMessageContaining("at least 128 are required")
                .hasMessageContaining("openssl rand -hex 16")
                .hasMessageNotContaining("th01-ecg-key");
    }
}
