package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.rdc.app.gateway.StowApplicationTest;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The application as the pixel tests of DICOMweb (frames, /rendered, thumbnails) set it up: instances made under new
 * UIDs, stored by the demo DR device with STOW-RS, read back as a user over HTTP Basic. Shared by
 * {@link DicomWebPixelsTest} and {@link DicomWebGreyscaleTest} so that each does not copy it.
 */
final class DicomWebPixelSite {

    static final String ADMIN = "admin";
    static final String PASSWORD = "s3cret-pass-word";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    DicomWebPixelSite(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A new data directory for one test class, with OpenCV's native library loaded to decode what the application renders. */
    static Path dataDirectory(String prefix) {
        try {
            Path data = Files.createTempDirectory(prefix);
            nu.pattern.OpenCV.loadLocally();
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its data directory, loopback only, the demo devices, the first administrator; no DICOM or ECG listener; cheap bcrypt. */
    static void properties(DynamicPropertyRegistry registry, Path data) {
        registry.add("rdc.data-dir", () -> data.toString());
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("rdc.demo", () -> "true");
        registry.add("rdc.admin.user", () -> ADMIN);
        registry.add("rdc.admin.password", () -> PASSWORD);
        registry.add("rdc.dicom.enabled", () -> "false");
        registry.add("rdc.ecg.enabled", () -> "false");
        registry.add("rdc.security.bcrypt-strength", () -> "4");
    }

    /** HTTP Basic for the administrator or for a user made with the password {@code <name>-password}. */
    static String basic(String user) {
        String password = user.equals(ADMIN) ? PASSWORD : user + "-password";
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET as {@code user}, with {@code accept} as its Accept header (null: none). */
    HttpResponse<byte[]> get(String user, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic(user));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A user made by the administrator; {@code json} is the administration API's body. */
    void createUser(String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/users"))
                .header("Authorization", basic(ADMIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** One STOW-RS request (PS3.18 10.5) of these Part 10 files with the demo DR device's key, all stored. */
    void stow(List<byte[]> instances) throws Exception {
        HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create(base + "/dicomweb/studies"))
                .header("Authorization", "Bearer demo-dr-key")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(StowApplicationTest.multipart("XyZ", instances))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stow.statusCode()).as(stow.body()).isEqualTo(200);
    }

    /**
     * The data set as one instance of {@code study}, in series {@code series} (its SOP Instance UID {@code series.1}), of
     * patient {@code patientId}: a Part 10 file in transfer syntax {@code ts}.
     */
    static byte[] instance(DataSet ds, TransferSyntax ts, String study, String series, String patientId) throws Exception {
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(Tag.SOPInstanceUID, VR.UI, series + ".1");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
    }
}
