package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfDouble;
import org.opencv.imgcodecs.Imgcodecs;
import org.rdc.app.RdcApplication;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Fragments;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.test.Requires;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Frames, rendered images, thumbnails and WADO-URI through the real application, on real files of the
 * shared corpus stored with STOW-RS (each under new UIDs, since several corpus files share theirs).
 */
@DirtiesContext
@SpringBootTest(classes = RdcApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebPixelsTest {

    static final Path data = DicomWebPixelSite.dataDirectory("rdc-dicomweb-pixels");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DicomWebPixelSite.properties(registry, data);
        registry.add("rdc.worklist.quiet-period", () -> "1s");
        registry.add("rdc.worklist.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;

    private DicomWebPixelSite site;
    /** Corpus file name -> the UIDs it was stored under (study, series, instance). */
    private final Map<String, String[]> stored = new LinkedHashMap<>();
    private final String study = UidGenerator.newUid();

    HttpResponse<byte[]> get(String user, String path, String accept) throws Exception {
        return site.get(user, path, accept);
    }

    HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return get("li", path, accept);
    }

    static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm",
            "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_implicit.dcm", "rtdose.dcm",
            "SC_rgb_rle_2frame.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_ybr_full_422_uncompressed.dcm",
            "SC_rgb_rle.dcm", "JPEG2000.dcm", "JPGExtended.dcm", "SC_rgb_jpeg_gdcm.dcm", "image_dfl.dcm", "ExplVR_BigEnd.dcm",
            "693_J2KI.dcm", "SC_jpeg_no_color_transform.dcm", "JPEG-lossy.dcm", "SC_rgb_dcmtk_+eb+cr.dcm");

    @BeforeAll
    void usersAndStudies() throws Exception {
        site = new DicomWebPixelSite(port);
        site.createUser("{\"username\":\"li\",\"password\":\"li-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}");
        site.createUser("{\"username\":\"th02.clerk\",\"password\":\"th02.clerk-password\",\"roles\":[\"FACILITY_USER\"],\"facilityId\":\"th02\"}");
        List<byte[]> parts = new ArrayList<>();
        int n = 0;
        for (String name : FILES) {
            DicomFile f = new Part10Reader().read(Requires.testdata("dicom/pydicom/" + name));
            DataSet ds = f.dataSet();
            String series = study + "." + (++n);
            ds.setString(Tag.Modality, VR.CS, "CT");
            ds.setString(0x00200013, VR.IS, "1");
            parts.add(DicomWebPixelSite.instance(ds, f.transferSyntax(), study, series, "PIX1"));
            stored.put(name, new String[] {study, series, series + ".1"});
        }
        site.stow(parts);
    }

    private String instance(String name) {
        String[] u = stored.get(name);
        return "/dicomweb/studies/" + u[0] + "/series/" + u[1] + "/instances/" + u[2];
    }

    private static DataSet corpus(String name) throws Exception {
        return new Part10Reader().read(Requires.testdata("dicom/pydicom/" + name)).dataSet();
    }

    /** The parts of a multipart/related body: their headers and bodies. */
    record Part(String contentType, byte[] body) {
    }

    static List<Part> parts(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(ct).startsWith("multipart/related");
        String boundary = ct.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] body = r.body();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.US_ASCII);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd + 4);
            String partType = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse(null);
            parts.add(new Part(partType, Arrays.copyOfRange(body, headersEnd + 4, next)));
            at = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    // ---- frames

    @Test
    void aNativeFrameIsTheStoredPixelDataAsOctetStream() throws Exception {
        HttpResponse<byte[]> r = get(instance("CT_small.dcm") + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).contains("type=\"application/octet-stream\"");
        List<Part> parts = parts(r);
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).contentType()).isEqualTo("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(parts.get(0).body()).isEqualTo(corpus("CT_small.dcm").getBytes(Tag.PixelData));
    }

    @Test
    void aFrameListIsAnsweredInTheOrderAsked() throws Exception {
        byte[] all = corpus("rtdose.dcm").getBytes(Tag.PixelData);
        HttpResponse<byte[]> r = get(instance("rtdose.dcm") + "/frames/5,1,15", "multipart/related; type=application/octet-stream");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        List<Part> parts = parts(r);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).body()).isEqualTo(Arrays.copyOfRange(all, 4 * 400, 5 * 400));
        assertThat(parts.get(1).body()).isEqualTo(Arrays.copyOfRange(all, 0, 400));
        assertThat(parts.get(2).body()).isEqualTo(Arrays.copyOfRange(all, 14 * 400, 15 * 400));
    }

    @Test
    void bigEndianRleAndImplicitFramesComeAsTheSameLittleEndianPixels() throws Exception {
        byte[] reference = corpus("MR_small.dcm").getBytes(Tag.PixelData);
        for (String name : List.of("MR_small_bigendian.dcm", "MR_small_RLE.dcm", "MR_small_implicit.dcm")) {
            HttpResponse<byte[]> r = get(instance(name) + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
            assertThat(r.statusCode()).as(name + text(r)).isEqualTo(200);
            assertThat(parts(r).get(0).body()).as(name).isEqualTo(reference);
        }
    }

    @Test
    void compressedFramesComeAsStoredUnderTheirMediaTypeAndForTransferSyntaxStar() throws Exception {
        Fragments fragments = corpus("MR_small_jpeg_ls_lossless.dcm").get(Tag.PixelData).fragments();
        String jls = "1.2.840.10008.1.2.4.80";
        HttpResponse<byte[]> asJls = get(instance("MR_small_jpeg_ls_lossless.dcm") + "/frames/1", "multipart/related; type=\"image/jls\"");
        assertThat(asJls.statusCode()).as(text(asJls)).isEqualTo(200);
        assertThat(parts(asJls).get(0).contentType()).isEqualTo("image/jls; transfer-syntax=" + jls);
        assertThat(parts(asJls).get(0).body()).isEqualTo(fragments.bytes(1));
        // what OHIF sends
        HttpResponse<byte[]> ohif = get(instance("MR_small_jpeg_ls_lossless.dcm") + "/frames/1",
                "multipart/related; type=application/octet-stream; transfer-syntax=*");
        assertThat(ohif.statusCode()).as(text(ohif)).isEqualTo(200);
        assertThat(parts(ohif).get(0).contentType()).isEqualTo("application/octet-stream; transfer-syntax=" + jls);
        assertThat(parts(ohif).get(0).body()).isEqualTo(fragments.bytes(1));
        HttpResponse<byte[]> rle = get(instance("SC_rgb_rle_2frame.dcm") + "/frames/2", "multipart/related; type=\"image/x-dicom-rle\"");
        assertThat(rle.statusCode()).as(text(rle)).isEqualTo(200);
        assertThat(parts(rle).get(0).contentType()).isEqualTo("image/x-dicom-rle; transfer-syntax=1.2.840.10008.1.2.5");
        assertThat(parts(rle).get(0).body()).isEqualTo(corpus("SC_rgb_rle_2frame.dcm").get(Tag.PixelData).fragments().bytes(2));
    }

    @Test
    void uncompressedFramesOfJpegLsAreNotAcceptableWithTheReason() throws Exception {
        HttpResponse<byte[]> r = get(instance("MR_small_jpeg_ls_lossless.dcm") + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(text(r)).contains("1.2.840.10008.1.2.4.80").contains("image/jls");
    }

    @Test
    void frameNumbersOutOfRangeAre404AndMalformedListsAre400() throws Exception {
        HttpResponse<byte[]> beyond = get(instance("rtdose.dcm") + "/frames/1,16", null);
        assertThat(beyond.statusCode()).isEqualTo(404);
        assertThat(text(beyond)).contains("frame 16 does not exist").contains("15 frames");
        for (String list : List.of("0", "1,a", "1,,2", "-1")) {
            HttpResponse<byte[]> r = get(instance("rtdose.dcm") + "/frames/" + list, null);
            assertThat(r.statusCode()).as(list).isEqualTo(400);
        }
        assertThat(get("/dicomweb/studies/1.2.3/series/1.2.3/instances/01.2/frames/1", null).statusCode()).isEqualTo(400);
        assertThat(get("/dicomweb/studies/1.2.3/series/1.2.3/instances/1.2.4/frames/1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherFacilitysFramesAndImagesAreNotFound() throws Exception {
        for (String path : List.of("/frames/1", "/rendered", "/thumbnail")) {
            assertThat(get("th02.clerk", instance("CT_small.dcm") + path, null).statusCode()).as(path).isEqualTo(404);
        }
        String[] u = stored.get("CT_small.dcm");
        assertThat(get("th02.clerk", "/wado?requestType=WADO&studyUID=" + u[0] + "&seriesUID=" + u[1] + "&objectUID=" + u[2], null)
                .statusCode()).isEqualTo(404);
    }

    // ---- rendered

    static Mat decode(byte[] image) {
        Mat m = Imgcodecs.imdecode(new MatOfByte(image), Imgcodecs.IMREAD_UNCHANGED);
        assertThat(m.empty()).isFalse();
        return m;
    }

    static double stddev(Mat m) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble sd = new MatOfDouble();
        Core.meanStdDev(m, mean, sd);
        return sd.toArray()[0];
    }

    @Test
    void everyRenderableSyntaxRendersTheSameImage() throws Exception {
        // lossless encodings of one MR image rendered with one window give identical PNGs
        Mat reference = null;
        for (String name : List.of("MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_jp2klossless.dcm",
                "MR_small_implicit.dcm")) {
            HttpResponse<byte[]> r = get(instance(name) + "/rendered?window=600,1200", "image/png");
            assertThat(r.statusCode()).as(name + text(r)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
            Mat m = decode(r.body());
            assertThat(m.rows()).isEqualTo(64);
            assertThat(stddev(m)).as(name + " is not blank").isGreaterThan(10);
            if (reference == null) {
                reference = m;
            } else {
                Mat diff = new Mat();
                Core.absdiff(reference, m, diff);
                assertThat(Core.countNonZero(diff)).as(name).isZero();
            }
        }
    }

    @Test
    void jpegJpeg2000AndColourRender() throws Exception {
        for (String name : List.of("CT_small.dcm", "JPEG2000.dcm", "MR_small_jp2klossless.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm",
                "SC_ybr_full_422_uncompressed.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_2frame.dcm", "image_dfl.dcm", "rtdose.dcm",
                "ExplVR_BigEnd.dcm", "693_J2KI.dcm")) {
            HttpResponse<byte[]> r = get(instance(name) + "/rendered", "image/jpeg");
            assertThat(r.statusCode()).as(name + text(r)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
            Mat m = decode(r.body());
            // kept for a look: target/rendered/*.png
            Files.createDirectories(Path.of("target/rendered"));
            Files.write(Path.of("target/rendered", name.replace(".dcm", ".png")), get(instance(name) + "/rendered", "image/png").body());
            DataSet ds = corpus(name);
            assertThat(m.rows()).as(name).isEqualTo(ds.getInt(Tag.Rows, 0));
            assertThat(m.cols()).as(name).isEqualTo(ds.getInt(Tag.Columns, 0));
            assertThat(stddev(m)).as(name + " is not blank").isGreaterThan(5);
        }
    }

    @Test
    void anRgbJpegWithoutColourTransformIsNotReadAsYcbcr() throws Exception {
        // a nearly white picture; read as YCbCr (libjpeg's guess without JFIF or Adobe marker) it turns magenta
        Mat m = decode(get(instance("SC_jpeg_no_color_transform.dcm") + "/rendered", "image/png").body());
        org.opencv.core.Scalar mean = Core.mean(m);
        assertThat(mean.val[0]).isGreaterThan(230);
        assertThat(mean.val[1]).as("green").isGreaterThan(230);
        assertThat(mean.val[2]).isGreaterThan(230);
    }

    @Test
    void colourEncodingsOfOneImageRenderAlike() throws Exception {
        // the same 100x100 picture as RGB RLE, YBR_FULL_422 native and YBR_FULL JPEG: rendered colours agree within JPEG loss
        Mat rgb = decode(get(instance("SC_rgb_rle.dcm") + "/rendered", "image/png").body());
        for (String name : List.of("SC_ybr_full_422_uncompressed.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cr.dcm")) {
            Mat other = decode(get(instance(name) + "/rendered", "image/png").body());
            Mat diff = new Mat();
            Core.absdiff(rgb, other, diff);
            assertThat(Core.mean(diff).val[0] + Core.mean(diff).val[1] + Core.mean(diff).val[2]).as(name).isLessThan(15);
        }
    }

    @Test
    void windowViewportQualityAndMonochrome1() throws Exception {
        String ct = instance("CT_small.dcm");
        Mat narrow = decode(get(ct + "/rendered?window=40,80", "image/png").body());
        Mat wide = decode(get(ct + "/rendered?window=40,2000", "image/png").body());
        Mat diff = new Mat();
        Core.absdiff(narrow, wide, diff);
        assertThat(Core.countNonZero(diff)).as("the window changes the image").isGreaterThan(1000);
        Mat small = decode(get(ct + "/rendered?viewport=64,32", "image/jpeg").body());
        assertThat(small.cols()).isEqualTo(32);
        assertThat(small.rows()).isEqualTo(32);
        Mat region = decode(get(ct + "/rendered?viewport=100,100,0,0,64,32&window=40,80", "image/png").body());
        assertThat(region.cols()).isEqualTo(100);
        assertThat(region.rows()).isEqualTo(50);
        int low = get(ct + "/rendered?quality=5", "image/jpeg").body().length;
        int high = get(ct + "/rendered?quality=100", "image/jpeg").body().length;
        assertThat(low).isLessThan(high);
        for (String bad : List.of("window=40", "window=40,0", "window=a,b", "viewport=0,10", "viewport=1,2,3", "quality=101",
                "window=40,80,cubic")) {
            HttpResponse<byte[]> r = get(ct + "/rendered?" + bad, "image/jpeg");
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(get(ct + "/rendered", "image/gif").statusCode()).isEqualTo(406);
    }

    @Test
    void monochrome1IsInverted() throws Exception {
        DicomFile f = new Part10Reader().read(Requires.testdata("dicom/pydicom/CT_small.dcm"));
        DataSet ds = f.dataSet();
        String series = study + ".99";
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME1");
        site.stow(List.of(DicomWebPixelSite.instance(ds, f.transferSyntax(), study, series, "PIX1")));
        Mat m2 = decode(get(instance("CT_small.dcm") + "/rendered?window=40,400", "image/png").body());
        Mat m1 = decode(get("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + series + ".1/rendered?window=40,400",
                "image/png").body());
        Mat sum = new Mat();
        Core.add(m1, m2, sum, new Mat(), org.opencv.core.CvType.CV_16U);
        Core.MinMaxLocResult mm = Core.minMaxLoc(sum);
        assertThat(mm.minVal).isEqualTo(255);
        assertThat(mm.maxVal).isEqualTo(255);
    }

    @Test
    void syntaxesOpenCvCannotDecodeAre406WithTheReason() throws Exception {
        for (String name : List.of("MR_small_jpeg_ls_lossless.dcm", "SC_rgb_jpeg_gdcm.dcm", "JPGExtended.dcm")) {
            HttpResponse<byte[]> r = get(instance(name) + "/rendered", "image/jpeg");
            assertThat(r.statusCode()).as(name).isEqualTo(406);
            assertThat(text(r)).as(name).contains("cannot be rendered here");
        }
    }

    @Test
    void renderedFramesAndSeriesAreMultipartOfImages() throws Exception {
        HttpResponse<byte[]> frames = get(instance("rtdose.dcm") + "/frames/1,2/rendered", "multipart/related; type=\"image/jpeg\"");
        assertThat(frames.statusCode()).as(text(frames)).isEqualTo(200);
        List<Part> parts = parts(frames);
        assertThat(parts).hasSize(2);
        assertThat(decode(parts.get(1).body()).rows()).isEqualTo(10);
        HttpResponse<byte[]> one = get(instance("rtdose.dcm") + "/frames/3/rendered", "image/png");
        assertThat(one.headers().firstValue("Content-Type")).contains("image/png");
        String[] u = stored.get("CT_small.dcm");
        HttpResponse<byte[]> series = get("/dicomweb/studies/" + u[0] + "/series/" + u[1] + "/rendered", null);
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(parts(series)).hasSize(1);
        assertThat(parts(series).get(0).contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void thumbnailsOfStudySeriesInstanceAndFrame() throws Exception {
        String[] u = stored.get("CT_small.dcm");
        for (String path : List.of("/dicomweb/studies/" + u[0] + "/thumbnail", "/dicomweb/studies/" + u[0] + "/series/" + u[1] + "/thumbnail",
                instance("CT_small.dcm") + "/thumbnail", instance("rtdose.dcm") + "/frames/2/thumbnail")) {
            HttpResponse<byte[]> r = get(path, null);
            assertThat(r.statusCode()).as(path + text(r)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
            Mat m = decode(r.body());
            assertThat(Math.max(m.rows(), m.cols())).as(path).isLessThanOrEqualTo(128);
        }
        Mat sized = decode(get(instance("CT_small.dcm") + "/thumbnail?viewport=48,48", "image/png").body());
        assertThat(sized.rows()).isEqualTo(48);
    }

    @Test
    void theWorklistEntryCarriesTheStudyThumbnail() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline && !body.contains(study)) {
            body = text(get("/api/worklist", "application/json"));
            Thread.sleep(200);
        }
        assertThat(body).contains("\"thumbnailUrl\":\"/dicomweb/studies/" + study + "/thumbnail\"");
        HttpResponse<byte[]> thumb = get("/dicomweb/studies/" + study + "/thumbnail", null);
        assertThat(thumb.statusCode()).isEqualTo(200);
    }

    // ---- WADO-URI

    @Test
    void wadoUriGivesTheFileOrAJpeg() throws Exception {
        String[] u = stored.get("CT_small.dcm");
        String base = "/wado?requestType=WADO&studyUID=" + u[0] + "&seriesUID=" + u[1] + "&objectUID=" + u[2];
        HttpResponse<byte[]> dicom = get(base + "&contentType=application/dicom", null);
        assertThat(dicom.statusCode()).isEqualTo(200);
        assertThat(dicom.headers().firstValue("Content-Type")).contains("application/dicom");
        assertThat(new Part10Reader().read(new java.io.ByteArrayInputStream(dicom.body()), dicom.body().length).dataSet()
                .getString(Tag.SOPInstanceUID)).isEqualTo(u[2]);
        HttpResponse<byte[]> jpeg = get(base, null);
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(decode(jpeg.body()).rows()).isEqualTo(128);
        Mat scaled = decode(get(base + "&contentType=image/jpeg&rows=64&columns=64&windowCenter=40&windowWidth=400&imageQuality=80", null).body());
        assertThat(scaled.rows()).isEqualTo(64);
        String[] d = stored.get("rtdose.dcm");
        String dose = "/wado?requestType=WADO&studyUID=" + d[0] + "&seriesUID=" + d[1] + "&objectUID=" + d[2];
        assertThat(get(dose + "&frameNumber=15", null).statusCode()).isEqualTo(200);
        assertThat(get(dose + "&frameNumber=16", null).statusCode()).isEqualTo(404);
    }

    @Test
    void wadoUriRefusesWhatPs318Section9Refuses() throws Exception {
        String[] u = stored.get("CT_small.dcm");
        String ids = "&studyUID=" + u[0] + "&seriesUID=" + u[1] + "&objectUID=" + u[2];
        assertThat(get("/wado?requestType=RSS" + ids, null).statusCode()).isEqualTo(400);
        assertThat(get("/wado?studyUID=" + u[0], null).statusCode()).isEqualTo(400);
        assertThat(get("/wado?requestType=WADO&studyUID=" + u[0] + "&seriesUID=" + u[1], null).statusCode()).isEqualTo(400);
        assertThat(get("/wado?requestType=WADO&studyUID=x.1&seriesUID=" + u[1] + "&objectUID=" + u[2], null).statusCode()).isEqualTo(400);
        assertThat(get("/wado?requestType=WADO" + ids + "&windowCenter=40", null).statusCode()).isEqualTo(400);
        assertThat(get("/wado?requestType=WADO" + ids + "&contentType=text/html", null).statusCode()).isEqualTo(406);
        assertThat(get("/wado?requestType=WADO" + ids + "&contentType=application/dicom&transferSyntax=1.2.840.10008.1.2.4.50", null)
                .statusCode()).isEqualTo(406);
        assertThat(get("/wado?requestType=WADO&studyUID=" + u[0] + "&seriesUID=" + u[1] + "&objectUID=1.2.3.4", null).statusCode())
                .isEqualTo(404);
    }
}
