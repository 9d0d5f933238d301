package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.uid.UidGenerator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The grey-scale pipeline of /rendered (PS3.4 N.2.1.1: Modality LUT, then VOI LUT, then the presentation's
 * polarity) on small synthetic instances whose stored values are known, read back from lossless PNGs: the
 * expected grey levels are worked out by hand from PS3.3 C.11.1 and C.11.2.1.2 in the comments, rounded to
 * the nearest level. Also QIDO-RS matching on Patient ID qualified by its issuer over HTTP.
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebGreyscaleTest {

    static final Path data = DicomWebPixelSite.dataDirectory("rdc-dicomweb-grey");
    static final int ISSUER_OF_PATIENT_ID = 0x00100021;
    static final int MODALITY_LUT_SEQUENCE = 0x00283000;
    static final int MODALITY_LUT_TYPE = 0x00283004;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int SHARED_FUNCTIONAL_GROUPS = 0x52009229;
    static final int PER_FRAME_FUNCTIONAL_GROUPS = 0x52009230;
    static final int PIXEL_VALUE_TRANSFORMATION = 0x00289145;
    static final int FRAME_VOI_LUT = 0x00289132;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DicomWebPixelSite.properties(registry, data);
    }

    @LocalServerPort
    int port;

    private DicomWebPixelSite site;
    private final String study = UidGenerator.newUid();
    private final String issuerStudyA = UidGenerator.newUid();
    private final String issuerStudyB = UidGenerator.newUid();
    private final List<byte[]> parts = new ArrayList<>();
    private int series;

    /** Stored values shared by the windowed instances; rescaled by 0.5 and -10 they are -10, 98, 99, 100, 101, 2037.5. */
    static final int[] WINDOWED = {0, 216, 218, 220, 222, 4095};

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return site.get("li", path, accept);
    }

    @BeforeAll
    void instancesStored() throws Exception {
        site = new DicomWebPixelSite(port);
        site.createUser("{\"username\":\"li\",\"password\":\"li-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}");

        // 1: its own window after its rescale
        add(WINDOWED, ds -> {
            ds.setString(Tag.RescaleSlope, VR.DS, "0.5");
            ds.setString(Tag.RescaleIntercept, VR.DS, "-10");
            ds.setString(Tag.WindowCenter, VR.DS, "100");
            ds.setString(Tag.WindowWidth, VR.DS, "3");
        });
        // 2: the same as MONOCHROME1
        add(WINDOWED, ds -> {
            ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME1");
            ds.setString(Tag.RescaleSlope, VR.DS, "0.5");
            ds.setString(Tag.RescaleIntercept, VR.DS, "-10");
            ds.setString(Tag.WindowCenter, VR.DS, "100");
            ds.setString(Tag.WindowWidth, VR.DS, "3");
        });
        // 3: a small VOI LUT, 256 entries from 1000, 8 bits, descending
        add(new int[] {0, 1000, 1100, 1255, 1256, 4095}, ds -> {
            Item lut = ds.newSequence(Tag.VOILUTSequence).addItem();
            lut.setInt(Tag.LUTDescriptor, VR.US, 256, 1000, 8);
            long[] values = new long[256];
            for (int i = 0; i < values.length; i++) {
                values[i] = 255 - i;
            }
            lut.setInt(Tag.LUTData, VR.US, values);
        });
        // 4: a VOI LUT of a 12-bit CR: 4096 entries from 0, 12 bits, descending (8 KB of LUT Data)
        add(new int[] {0, 1000, 2048, 4095}, ds -> {
            Item lut = ds.newSequence(Tag.VOILUTSequence).addItem();
            lut.setInt(Tag.LUTDescriptor, VR.US, 4096, 0, 12);
            byte[] words = new byte[4096 * 2];
            for (int i = 0; i < 4096; i++) {
                words[2 * i] = (byte) (4095 - i);
                words[2 * i + 1] = (byte) ((4095 - i) >> 8);
            }
            lut.setBytes(Tag.LUTData, VR.OW, words);
        });
        // 5: a Modality LUT Sequence (no rescale): 4 entries from 100 to 0, 1000, 2000, 3000 HU; its own window
        add(new int[] {0, 100, 101, 102, 103, 4095}, ds -> {
            Item lut = ds.newSequence(MODALITY_LUT_SEQUENCE).addItem();
            lut.setInt(Tag.LUTDescriptor, VR.US, 4, 100, 16);
            lut.setString(MODALITY_LUT_TYPE, VR.LO, "HU");
            lut.setInt(Tag.LUTData, VR.US, 0, 1000, 2000, 3000);
            ds.setString(Tag.WindowCenter, VR.DS, "1500");
            ds.setString(Tag.WindowWidth, VR.DS, "3001");
        });
        // 6: signed 12-bit pixels in 16-bit words, some sign-extended and some with the bits above High Bit zero
        // (PS3.5 8.1.1: those bits are not part of the value): -2048, -25, -24, -23, 2047
        add(new int[] {0xF800, 0x0FE7, 0xFFE8, 0x0FE9, 0x07FF}, ds -> {
            ds.setInt(Tag.PixelRepresentation, VR.US, 1);
            ds.setString(Tag.WindowCenter, VR.DS, "-24");
            ds.setString(Tag.WindowWidth, VR.DS, "3");
        });
        // 7: two windows and a SIGMOID VOI LUT Function (C.11.2.1.3.1), rescaled as 1
        add(WINDOWED, ds -> {
            ds.setString(Tag.RescaleSlope, VR.DS, "0.5");
            ds.setString(Tag.RescaleIntercept, VR.DS, "-10");
            ds.setString(Tag.WindowCenter, VR.DS, "100.5", "40");
            ds.setString(Tag.WindowWidth, VR.DS, "3", "400");
            ds.setString(Tag.VOILUTFunction, VR.CS, "SIGMOID");
        });
        // 8: an enhanced multi-frame image (PS3.3 C.7.6.16): the rescale in the Shared Functional Groups' Pixel Value
        // Transformation, a window of each frame in its Per-frame Functional Groups' Frame VOI LUT
        add(concat(WINDOWED, WINDOWED), ds -> {
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2.1");
            ds.setString(NUMBER_OF_FRAMES, VR.IS, "2");
            ds.setInt(Tag.Columns, VR.US, WINDOWED.length);
            Item shared = ds.newSequence(SHARED_FUNCTIONAL_GROUPS).addItem();
            Item rescale = shared.newSequence(PIXEL_VALUE_TRANSFORMATION).addItem();
            rescale.setString(Tag.RescaleSlope, VR.DS, "0.5");
            rescale.setString(Tag.RescaleIntercept, VR.DS, "-10");
            rescale.setString(0x00281054, VR.LO, "HU");
            org.rdc.dicom.object.Sequence perFrame = ds.newSequence(PER_FRAME_FUNCTIONAL_GROUPS);
            for (String[] window : new String[][] {{"100", "3"}, {"99", "1"}}) {
                Item voi = perFrame.addItem().newSequence(FRAME_VOI_LUT).addItem();
                voi.setString(Tag.WindowCenter, VR.DS, window[0]);
                voi.setString(Tag.WindowWidth, VR.DS, window[1]);
            }
        });
        site.stow(parts);

        // two patients with the same Patient ID from two issuers, sent by one device (one facility)
        site.stow(List.of(patient(issuerStudyA, "Wu^Yi", "HOSP-A"), patient(issuerStudyB, "Zhou^Er", "HOSP-B")));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Instance n (the n-th added) of the study: one row of these stored values, then the details it is about. */
    private void add(int[] stored, Consumer<DataSet> details) throws Exception {
        byte[] pixels = new byte[stored.length * 2];
        for (int i = 0; i < stored.length; i++) {
            pixels[2 * i] = (byte) stored[i];
            pixels[2 * i + 1] = (byte) (stored[i] >> 8);
        }
        DataSet ds = greyscale("Grey^Scale", 1, stored.length, pixels);
        details.accept(ds);
        parts.add(DicomWebPixelSite.instance(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, study, study + "." + (++series), "GREY1"));
    }

    /** A CT image of 12 stored bits in 16, MONOCHROME2, unsigned: the pixels given as little-endian words. */
    private static DataSet greyscale(String name, int rows, int columns, byte[] pixels) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(0x00200013, VR.IS, "1");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    private static byte[] patient(String study, String name, String issuer) throws Exception {
        DataSet ds = greyscale(name, 2, 2, new byte[8]);
        ds.setString(ISSUER_OF_PATIENT_ID, VR.LO, issuer);
        return DicomWebPixelSite.instance(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, study, study + ".1", "ISS-7");
    }

    /** The grey levels of the one-row PNG /rendered gives for instance n, with the query given. */
    private int[] rendered(int n, String query) throws Exception {
        return rendered(n, "/rendered", query);
    }

    private int[] rendered(int n, String resource, String query) throws Exception {
        String s = study + "." + n;
        HttpResponse<byte[]> r = get("/dicomweb/studies/" + study + "/series/" + s + "/instances/" + s + ".1" + resource + query, "image/png");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/png");
        Mat m = Imgcodecs.imdecode(new MatOfByte(r.body()), Imgcodecs.IMREAD_UNCHANGED);
        assertThat(m.type()).as("one 8-bit grey channel").isEqualTo(CvType.CV_8UC1);
        assertThat(m.rows()).isEqualTo(1);
        byte[] b = new byte[m.cols()];
        m.get(0, 0, b);
        int[] levels = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            levels[i] = b[i] & 0xFF;
        }
        return levels;
    }

    @Test
    void theInstancesOwnWindowIsAppliedAfterItsRescale() throws Exception {
        // C.11.1: x = 0.5 sv - 10 -> -10, 98, 99, 100, 101, 2037.5. C.11.2.1.2.1 with c = 100, w = 3:
        // x <= c - 0.5 - (w-1)/2 = 98.5 -> 0; x > c - 0.5 + (w-1)/2 = 100.5 -> 255;
        // else ((x - 99.5) / 2 + 0.5) * 255: 99 -> 63.75, 100 -> 191.25
        assertThat(rendered(1, "")).containsExactly(0, 0, 64, 191, 255, 255);
    }

    @Test
    void theQuerysWindowOverridesTheInstancesAndIsAppliedAfterTheRescale() throws Exception {
        // c = 99, w = 1: both bounds are c - 0.5 = 98.5, so 98 -> 0 and 99 -> 255 (PS3.3 C.11.2.1.2.1)
        assertThat(rendered(1, "?window=99,1")).containsExactly(0, 0, 255, 255, 255, 255);
        // LINEAR_EXACT (C.11.2.1.3.2), c = 100.5, w = 4: ((x - 100.5) / 4 + 0.5) * 255:
        // 98 -> -0.125 -> 0, 99 -> 31.875, 100 -> 95.625, 101 -> 159.375
        assertThat(rendered(1, "?window=100.5,4,LINEAR_EXACT")).containsExactly(0, 0, 32, 96, 159, 255);
    }

    @Test
    void monochrome1IsInvertedAfterTheWindow() throws Exception {
        // PS3.3 C.7.6.3.1.2 / PS3.4 N.2.1.1: the minimum value is white, so 255 minus the MONOCHROME2 levels
        assertThat(rendered(2, "")).containsExactly(255, 255, 191, 64, 0, 0);
        assertThat(rendered(2, "?window=99,1")).containsExactly(255, 255, 0, 0, 0, 0);
    }

    @Test
    void theInstancesVoiLutIsAppliedWhenItHasNoWindow() throws Exception {
        // C.11.2.1.1: values below the first mapped (1000) take the first entry, above the last the last;
        // 1100 -> entry 100 = 155; 8-bit entries scale to 0-255 unchanged
        assertThat(rendered(3, "")).containsExactly(255, 255, 155, 0, 0, 0);
        // a window in the query takes the VOI LUT's place: c = 1100, w = 1 -> x <= 1099.5 black, else white
        assertThat(rendered(3, "?window=1100,1")).containsExactly(0, 0, 255, 255, 255, 255);
    }

    @Test
    void aVoiLutOfFourThousandEntriesIsApplied() throws Exception {
        // entry sv = 4095 - sv of 12 bits, scaled by 255 / 4095: 0 -> 255, 1000 -> 3095 -> 192.73, 2048 -> 2047 -> 127.47, 4095 -> 0
        assertThat(rendered(4, "")).containsExactly(255, 193, 127, 0);
    }

    @Test
    void theModalityLutSequenceIsAppliedBeforeTheWindow() throws Exception {
        // C.11.1: sv 0, 100, 101, 102, 103, 4095 -> 0, 0, 1000, 2000, 3000, 3000 (clamped to the first and last entries).
        // C.11.2.1.2.1, c = 1500, w = 3001: x <= -0.5 -> 0, x > 2999.5 -> 255, else ((x - 1499.5) / 3000 + 0.5) * 255:
        // 0 -> 0.0425, 1000 -> 85.04, 2000 -> 170.04
        assertThat(rendered(5, "")).containsExactly(0, 0, 85, 170, 255, 255);
        // the query's window is in the same (HU) space: c = 1000, w = 1 -> x <= 999.5 black, else white
        assertThat(rendered(5, "?window=1000,1")).containsExactly(0, 0, 255, 255, 255, 255);
    }

    @Test
    void signedPixelsAreReadFromTheirStoredBitsOnly() throws Exception {
        // c = -24, w = 3: x <= -25.5 -> 0, x > -23.5 -> 255, else ((x + 24.5) / 2 + 0.5) * 255: -25 -> 63.75, -24 -> 191.25
        assertThat(rendered(6, "")).containsExactly(0, 64, 191, 255, 255);
    }

    @Test
    void theFirstOfSeveralWindowsIsUsedWithTheInstancesVoiLutFunction() throws Exception {
        // C.11.2.1.3.1 SIGMOID, c = 100.5, w = 3: 255 / (1 + exp(-4 (x - 100.5) / 3)):
        // -10 -> 0, 98 -> 8.78, 99 -> 30.40, 100 -> 86.51, 101 -> 168.49, 2037.5 -> 255
        assertThat(rendered(7, "")).containsExactly(0, 9, 30, 87, 168, 255);
        // the query's window has its own function, LINEAR when none is named
        assertThat(rendered(7, "?window=99,1")).containsExactly(0, 0, 255, 255, 255, 255);
    }

    @Test
    void eachFrameOfAnEnhancedImageHasItsFunctionalGroupsRescaleAndWindow() throws Exception {
        // frame 1: as instance 1 (c = 100, w = 3 after 0.5 sv - 10); frame 2: c = 99, w = 1
        assertThat(rendered(8, "/frames/1/rendered", "")).containsExactly(0, 0, 64, 191, 255, 255);
        assertThat(rendered(8, "/frames/2/rendered", "")).containsExactly(0, 0, 255, 255, 255, 255);
        // a window asked for replaces the frame's, still after the shared rescale
        assertThat(rendered(8, "/frames/1/rendered", "?window=100.5,4,LINEAR_EXACT")).containsExactly(0, 0, 32, 96, 159, 255);
    }

    @Test
    void patientIdMatchesOnlyWithItsIssuerWhenOneIsGiven() throws Exception {
        // PS3.18 §8.3.4 / PS3.4 C.2.2.2.1: the issuer qualifies the Patient ID, so the same ID of another issuer is another patient
        assertThat(studies("PatientID=ISS-7&IssuerOfPatientID=HOSP-A")).containsExactly(issuerStudyA);
        assertThat(studies("PatientID=ISS-7&IssuerOfPatientID=HOSP-B")).containsExactly(issuerStudyB);
        assertThat(studies("00100020=ISS-7&00100021=HOSP-B")).containsExactly(issuerStudyB);
        assertThat(studies("PatientID=ISS-7&IssuerOfPatientID=HOSP-C")).isEmpty();
        assertThat(studies("PatientID=ISS-7")).containsExactlyInAnyOrder(issuerStudyA, issuerStudyB);
        QidoApplicationTest.Response a = qido("PatientID=ISS-7&IssuerOfPatientID=HOSP-A");
        assertThat(a.values("00100021")).containsExactly("HOSP-A");
        assertThat(a.values("00100010")).containsExactly("Wu^Yi");
    }

    private List<String> studies(String query) throws Exception {
        return qido(query).values("0020000D");
    }

    private QidoApplicationTest.Response qido(String query) throws Exception {
        HttpResponse<byte[]> r = get("/dicomweb/studies?" + query, "application/dicom+json");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() == 204) {
            body = "[]";
        }
        assertThat(r.statusCode()).as(body).isIn(200, 204);
        return new QidoApplicationTest.Response(r.statusCode(), body, r.headers().map());
    }
}
