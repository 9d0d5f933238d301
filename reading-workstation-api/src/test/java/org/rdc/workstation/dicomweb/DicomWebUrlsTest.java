package org.rdc.workstation.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class DicomWebUrlsTest {

    static MockHttpServletRequest request() {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/dicomweb/studies/1.2.3/metadata");
        r.setScheme("http");
        r.setServerName("127.0.0.1");
        r.setServerPort(8080);
        return r;
    }

    @Test
    void directRequest() {
        assertThat(DicomWebUrls.root(request())).isEqualTo("http://127.0.0.1:8080/dicomweb");
    }

    @Test
    void forwardedRfc7239FirstElementWins() {
        MockHttpServletRequest r = request();
        r.addHeader("Forwarded", "for=10.0.0.9;proto=https;host=\"pacs.example.cn\", for=10.0.0.1;host=inner");
        r.addHeader("X-Forwarded-Host", "ignored.example");
        assertThat(DicomWebUrls.root(r)).isEqualTo("https://pacs.example.cn/dicomweb");
    }

    @Test
    void xForwardedWithPortAndPrefix() {
        MockHttpServletRequest r = request();
        r.addHeader("X-Forwarded-Proto", "https");
        r.addHeader("X-Forwarded-Host", "rdc.county.cn, proxy2");
        r.addHeader("X-Forwarded-Port", "8443");
        r.addHeader("X-Forwarded-Prefix", "/rdc/");
        assertThat(DicomWebUrls.root(r)).isEqualTo("https://rdc.county.cn:8443/rdc/dicomweb");
    }

    @Test
    void forgedValuesAreNotTakenIntoUrls() {
        MockHttpServletRequest r = request();
        r.addHeader("X-Forwarded-Proto", "javascript");
        r.addHeader("X-Forwarded-Host", "evil.example/\"><script>");
        r.addHeader("X-Forwarded-Prefix", "//evil\"");
        assertThat(DicomWebUrls.root(r)).isEqualTo("http://127.0.0.1:8080/dicomweb");
    }
}
