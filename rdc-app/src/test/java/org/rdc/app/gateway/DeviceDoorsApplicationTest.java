package org.rdc.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.RdcApplication;
import org.rdc.ecg.http.EcgHttpServer;
import org.rdc.gateway.registry.DemoFacility;
import org.rdc.gateway.registry.Facility;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.registry.Secrets;
import org.rdc.gateway.scp.DicomGateway;
import org.rdc.gateway.scu.DicomSender;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 11 point 11: the three doors of a device (DICOM association, STOW-RS, ECG upload) ask the one device
 * authentication, so each of its rules holds at each of them. A centre with a facilities file and without demo
 * mode; the ECG upload port speaks TLS (with the DICOM port's PEM loader) and asks for client certificates.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceDoorsApplicationTest {

    static final String DR_KEY = "d4d0560545123e8ea554fa96069b9dc6";
    static final String ECG_KEY = "c6c1c10f9c296e2428f3dc0b915598ff";
    static final String FAR_KEY = "1e95ae60425001122e82902e3bd80e06";
    static final String TH02_KEY = "ccf4bb3f26a6440cacc0481b0af49f33";
    static final String UNKNOWN_KEY = "d2db364fe72366e9f34b7bd55a3d4f81";

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) throws Exception {
        Path tls = Files.createDirectories(data.resolve("tls"));
        openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
                "-subj", "/CN=county-ca");
        openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.pem", "-days", "1",
                "-subj", "/CN=rdc", "-addext", "subjectAltName=IP:127.0.0.1");
        openssl(tls, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "th02.key", "-out", "th02.csr", "-subj", "/CN=th02-gw");
        openssl(tls, "x509", "-req", "-in", "th02.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "th02.pem",
                "-days", "1");
        openssl(tls, "pkcs12", "-export", "-in", "th02.pem", "-inkey", "th02.key", "-out", "th02.p12", "-passout", "pass:th02");
        Path facilities = Files.writeString(data.resolve("facilities.yaml"), """
                facilities:
                  - id: th01
                    devices:
                      - {aeTitle: TH01_DR, kind: DX, apiKey: "%s"}
                      - {aeTitle: TH01_ECG, kind: ECG, apiKey: "%s"}
                      - {aeTitle: TH01_FAR, kind: ECG, apiKey: "%s", hosts: [10.9.9.9]}
                  - id: th02
                    tlsClientCn: th02-gw
                    devices:
                      - {aeTitle: TH02_ECG, kind: ECG, apiKey: "%s"}
                """.formatted(DR_KEY, ECG_KEY, FAR_KEY, TH02_KEY));
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("rdc.facilities", facilities::toString);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.dicom.port", () -> "0");
        registry.add("rdc.dicom.bind-address", () -> "127.0.0.1");
        registry.add("rdc.dicom.ae-title", () -> "RDC");
        registry.add("rdc.ecg.port", () -> "0");
        registry.add("rdc.ecg.address", () -> "127.0.0.1");
        registry.add("rdc.ecg.tls-certificate", () -> tls.resolve("server.pem").toString());
        registry.add("rdc.ecg.tls-key", () -> tls.resolve("server.key").toString());
        registry.add("rdc.ecg.tls-client-ca", () -> tls.resolve("ca.pem").toString());
    }

    static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
    }

    @LocalServerPort
    int httpPort;
    @Autowired
    DicomGateway dicom;
    @Autowired
    EcgHttpServer ecg;
    @Autowired
    FacilityRegistry registry;

    /** Over TLS, trusting the centre's certificate; with th02's client certificate when asked. */
    private HttpClient https(boolean th02Certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(data.resolve("tls/server.pem"))) {
            trust.setCertificateEntry("rdc", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (th02Certificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(data.resolve("tls/th02.p12"))) {
                keys.load(in, "th02".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "th02".toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** ECG upload of a body that is no ECG: 415 once the device is let in, 401 when it is not. */
    private HttpResponse<String> ecgUpload(String key) throws Exception {
        return ecgUpload(https(false), key);
    }

    private HttpResponse<String> ecgUpload(HttpClient client, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ecg.port() + "/api/ecg"))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString("not an ecg")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** STOW-RS with a body of the wrong type: 415 once the device is let in, 401 when it is not. */
    private HttpResponse<String> stow(String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/dicomweb/studies"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** C-ECHO: 0 when the association was accepted. */
    private int echo(String callingAe) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        return DicomSender.echo("127.0.0.1", dicom.port(), "RDC", callingAe, quiet, quiet);
    }

    @Test
    void aKnownDeviceIsLetInAtEachDoor() throws Exception {
        assertThat(echo("TH01_DR")).isZero();
        assertThat(stow(DR_KEY).statusCode()).isEqualTo(415);
        assertThat(ecgUpload(ECG_KEY).statusCode()).isEqualTo(415);
    }

    @Test
    void anUnknownDeviceIsRefusedAtEachDoor() throws Exception {
        assertThat(echo("NOBODY")).isNotZero();
        assertThat(stow(UNKNOWN_KEY).statusCode()).isEqualTo(401);
        HttpResponse<String> upload = ecgUpload(UNKNOWN_KEY);
        assertThat(upload.statusCode()).isEqualTo(401);
        assertThat(upload.body()).contains("belongs to no registered device");
    }

    @Test
    void theDemoFacilityIsNotInACentreWithAFileAndItsKeysWorkNowhere() throws Exception {
        assertThat(registry.facility(DemoFacility.ID)).isEmpty();
        assertThat(echo("DEMO_DR")).isNotZero();
        assertThat(stow(DemoFacility.DR_KEY).statusCode()).isEqualTo(401);
        assertThat(ecgUpload(DemoFacility.ECG_KEY).statusCode()).isEqualTo(401);
        // written into the shared database by a node in demo mode: still refused here
        registry.importFacilities(List.of(DemoFacility.facility()));
        try {
            assertThat(echo("DEMO_DR")).isNotZero();
            assertThat(stow(DemoFacility.DR_KEY).body()).contains("fewer than 128 bits");
            assertThat(ecgUpload(DemoFacility.ECG_KEY).statusCode()).isEqualTo(401);
        } finally {
            registry.delete(DemoFacility.ID);
        }
    }

    @Test
    void aShortKeyLeftInTheDatabaseIsRefusedAtEachKeyDoor() throws Exception {
        registry.save(new Facility("old", "old", null, null, List.of(
                new Facility.Device("OLD_ECG", "ECG", List.of(), null, 0, Secrets.sha256("old-ecg-key"), null, null))));
        try {
            assertThat(stow("old-ecg-key").statusCode()).isEqualTo(401);
            HttpResponse<String> upload = ecgUpload("old-ecg-key");
            assertThat(upload.statusCode()).isEqualTo(401);
            assertThat(upload.body()).contains("fewer than 128 bits").doesNotContain("old-ecg-key");
        } finally {
            registry.delete("old");
        }
    }

    @Test
    void anXRayDeviceUploadsNoEcgFile() throws Exception {
        HttpResponse<String> upload = ecgUpload(DR_KEY);
        assertThat(upload.statusCode()).isEqualTo(401);
        assertThat(upload.body()).contains("is of kind DX: no ECG upload");
    }

    @Test
    void theSourceAddressListHoldsAtEachDoor() throws Exception {
        assertThat(echo("TH01_FAR")).isNotZero();
        HttpResponse<String> stow = stow(FAR_KEY);
        assertThat(stow.statusCode()).isEqualTo(401);
        assertThat(stow.body()).contains("source address 127.0.0.1 is not in the host list [10.9.9.9]");
        assertThat(ecgUpload(FAR_KEY).body()).contains("source address 127.0.0.1 is not in the host list");
    }

    @Test
    void theClientCertificateOfAFacilityHoldsAtEachDoor() throws Exception {
        assertThat(echo("TH02_ECG")).as("the DICOM port here speaks plain TCP").isNotZero();
        assertThat(stow(TH02_KEY).body()).contains("CN=th02-gw").contains("not TLS");
        assertThat(ecgUpload(TH02_KEY).body()).contains("none was presented");
        assertThat(ecgUpload(https(true), TH02_KEY).statusCode()).as("with th02's certificate").isEqualTo(415);
    }

    @Test
    void theEcgPortSpeaksTlsOnly() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ecg.port() + "/api/ecg")).header("Authorization", "Bearer " + ECG_KEY)
                        .timeout(java.time.Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
}
