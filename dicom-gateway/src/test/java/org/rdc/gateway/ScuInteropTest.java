package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.gateway.scu.DicomFiles;

/** Our SCU sends to dcmtk storescp and to Orthanc; what arrives equals what was sent. */
class ScuInteropTest {

    @TempDir
    Path dir;

    static final List<String> FILES = List.of("dicom/pydicom/CT_small.dcm", "dicom/pydicom/MR_small_implicit.dcm",
            "dicom/pydicom/ExplVR_BigEnd.dcm", "dicom/pydicom/JPEG2000.dcm", "dicom/pydicom/SC_rgb_rle.dcm",
            "dicom/pydicom/SC_rgb_jpeg_dcmtk.dcm", "dicom/pydicom-charsets/chrX2.dcm", "ecg/pydicom/waveform_ecg.dcm");

    private static DicomClient.Request contexts(DicomClient.Request r, List<Path> files) throws Exception {
        r.verification();
        for (Path f : files) {
            DicomFiles.Info i = DicomFiles.inspect(f);
            // exactly the file's syntax: nobody may transcode
            r.context(i.sopClassUid(), List.of(i.transferSyntaxUid()));
        }
        return r;
    }

    /** Implicit, explicit, big endian, JPEG 2000, RLE, JPEG, GB18030 names, an ECG: each with its own SOP Instance UID. */
    private static List<Path> files() throws Exception {
        Path data = Tools.testdata();
        List<Path> files = FILES.stream().map(data::resolve).toList();
        java.util.Set<String> uids = new java.util.HashSet<>();
        for (Path f : files) {
            assertThat(uids.add(DicomFiles.inspect(f).sopInstanceUid())).as("unique UID of %s", f).isTrue();
        }
        return files;
    }

    @Test
    void toDcmtkStorescp() throws Exception {
        List<Path> files = files();
        int port = Peers.freePort();
        Path out = dir.resolve("storescp");
        try (Peers.Child scp = Peers.storescp("STORESCP", port, out)) {
            try (DicomClient c = DicomClient.open(contexts(DicomClient.request("127.0.0.1", port, "STORESCP")
                    .callingAe("RDC"), files))) {
                assertThat(c.echo()).isZero();
                for (Path f : files) {
                    assertThat(c.store(f)).as("status for %s", f.getFileName()).isZero();
                }
            }
            for (Path f : files) {
                DicomFiles.Info i = DicomFiles.inspect(f);
                Path received;
                try (Stream<Path> s = Files.list(out)) {
                    received = s.filter(p -> p.getFileName().toString().contains(i.sopInstanceUid())).findFirst()
                            .orElseThrow(() -> new AssertionError("storescp did not write " + f.getFileName()));
                }
                // +B: storescp wrote the data set bytes exactly as they came off the network
                assertThat(StoredBytes.fileDataSet(received)).as(f.getFileName().toString())
                        .isEqualTo(StoredBytes.fileDataSet(f));
            }
        }
    }

    @Test
    void toOrthanc() throws Exception {
        List<Path> files = files();
        int dicom = Peers.freePort();
        int http = Peers.freePort();
        try (Peers.Child orthanc = Peers.orthanc(dir.resolve("orthanc"), "ORTHANC", dicom, http, "{}")) {
            try (DicomClient c = DicomClient.open(contexts(DicomClient.request("127.0.0.1", dicom, "ORTHANC")
                    .callingAe("RDC"), files))) {
                assertThat(c.echo()).isZero();
                for (Path f : files) {
                    assertThat(c.store(f)).as("status for %s", f.getFileName()).isZero();
                }
            }
            String list = Peers.http("GET", "http://127.0.0.1:" + http + "/instances", null);
            List<String> ids = new ArrayList<>();
            Matcher m = Pattern.compile("\"([0-9a-f-]{20,})\"").matcher(list);
            while (m.find()) {
                ids.add(m.group(1));
            }
            assertThat(ids).hasSize(files.size());
            int same = 0;
            for (String id : ids) {
                byte[] file = Peers.httpBytes("http://127.0.0.1:" + http + "/instances/" + id + "/file");
                Path tmp = dir.resolve(id + ".dcm");
                Files.write(tmp, file);
                DicomFiles.Info got = DicomFiles.inspect(tmp);
                Path sent = files.stream().filter(f -> {
                    try {
                        return DicomFiles.inspect(f).sopInstanceUid().equals(got.sopInstanceUid());
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
                assertThat(got.transferSyntaxUid()).isEqualTo(DicomFiles.inspect(sent).transferSyntaxUid());
                // Orthanc keeps the data set as it came, except where its dcmtk layer re-encodes it (explicit item
                // lengths, no trailing padding): then it must equal dcmtk's encoding of what we sent
                byte[] got2 = StoredBytes.fileDataSet(tmp);
                if (!java.util.Arrays.equals(got2, StoredBytes.fileDataSet(sent))) {
                    Path expected = dir.resolve("expected-" + sent.getFileName());
                    Tools.run(60, "dcmconv", sent.toString(), expected.toString());
                    assertThat(got2).as(sent.getFileName().toString()).isEqualTo(
                            StoredBytes.withoutTrailingPadding(StoredBytes.fileDataSet(expected), got.transferSyntaxUid()));
                }
                same++;
            }
            assertThat(same).isEqualTo(files.size());
        }
    }

    @Test
    void verificationOnlyContextIsEnough() throws Exception {
        // sanity of the requestor side alone, against our own gateway
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("gw"));
             DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                     .callingAe("DEMO_DR").context(SopClasses.VERIFICATION, List.of(SopClasses.IMPLICIT_VR_LE)))) {
            assertThat(c.echo()).isZero();
        }
    }
}
