package org.rdc.app.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.rdc.app.RdcApplication;
import org.rdc.app.gateway.StowApplicationTest;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12's pixel goals over loopback HTTP against the real application: one 512x512 CT frame
 * ({@code /frames/1}, p50 <= 5 ms) and a 3000x2500 CR rendered to JPEG ({@code /rendered}, <= 150 ms).
 * The CT is the corpus's CT_small (128x128) scaled to 512x512; the CR is the same slice scaled to
 * 3000x2500 and stored as a 12-bit MONOCHROME1 Computed Radiography image (the corpus has no CR that
 * large). Requests carry an API token, as a viewer's do. Run by bench/frames.sh.
 *
 * <p>Arguments: corpus directory (../shared/testdata), [JDBC URL of a PostgreSQL database whose public schema is
 * dropped and recreated], [requests].
 */
public final class PixelBenchmark {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        String jdbc = args.length > 1 && !args[1].isBlank() ? args[1] : null;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        nu.pattern.OpenCV.loadLocally();
        Path data = Files.createTempDirectory("rdc-pixel-bench");
        List<String> props = new ArrayList<>(List.of("--rdc.data-dir=" + data, "--server.address=127.0.0.1", "--server.port=0",
                "--management.server.port=0", "--rdc.demo=true", "--rdc.admin.user=admin", "--rdc.admin.password=bench-pass-word",
                "--rdc.dicom.enabled=false", "--rdc.ecg.enabled=false", "--rdc.security.bcrypt-strength=4",
                "--logging.level.root=WARN"));
        if (jdbc != null) {
            org.rdc.storage.TestDatabases.freshPostgres(jdbc);  // its public schema emptied: a run starts from nothing
            props.add("--rdc.database.url=" + jdbc);
        }
        try (ConfigurableApplicationContext app = SpringApplication.run(RdcApplication.class, props.toArray(String[]::new))) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            String token = token(http, base);
            DataSet ct = new Part10Reader().read(corpus.resolve("dicom/pydicom/CT_small.dcm")).dataSet();
            String study = UidGenerator.newUid();
            byte[] ct512 = scaled(ct, study, study + ".1", 512, 512, false);
            byte[] cr = scaled(ct, study, study + ".2", 2500, 3000, true);
            stow(http, base, List.of(ct512, cr));
            System.out.printf("# %s, %s, %d requests after %d warm-up%n", jdbc == null ? "H2" : "PostgreSQL",
                    System.getProperty("java.version"), requests, requests / 5);
            String ctFrame = base + "/dicomweb/studies/" + study + "/series/" + study + ".1/instances/" + study + ".1.1/frames/1";
            measure(http, token, "512x512 CT frame (/frames/1, 512 KiB, octet-stream)", ctFrame,
                    "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*", requests, 512 * 512 * 2);
            String crRendered = base + "/dicomweb/studies/" + study + "/series/" + study + ".2/instances/" + study + ".2.1/rendered";
            measure(http, token, "3000x2500 CR rendered to JPEG (/rendered, quality 90)", crRendered, "image/jpeg",
                    Math.max(20, requests / 10), -1);
            measure(http, token, "3000x2500 CR thumbnail (/thumbnail)", crRendered.replace("/rendered", "/thumbnail"), "image/jpeg",
                    Math.max(20, requests / 10), -1);
        }
    }

    private static void measure(HttpClient http, String token, String what, String url, String accept, int n, long minBytes)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", token).header("Accept", accept).build();
        long[] nanos = new long[n];
        long bytes = 0;
        for (int i = -n / 5; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200 || r.body().length < minBytes) {
                throw new IllegalStateException(what + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i >= 0) {
                nanos[i] = t;
                bytes = r.body().length;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-58s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%d bytes)%n", what, nanos[n / 2] / 1e6,
                nanos[(int) (n * 0.95)] / 1e6, nanos[n - 1] / 1e6, bytes);
    }

    /** The CT slice scaled with OpenCV (bicubic) and stored as a CT, or as a 12-bit MONOCHROME1 CR. */
    private static byte[] scaled(DataSet source, String study, String series, int rows, int columns, boolean asCr) throws Exception {
        int r0 = source.getInt(Tag.Rows, 0);
        int c0 = source.getInt(Tag.Columns, 0);
        byte[] pixels = source.getBytes(Tag.PixelData);
        short[] values = new short[r0 * c0];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) ((pixels[2 * i] & 0xFF) | pixels[2 * i + 1] << 8);
        }
        Mat m = new Mat(r0, c0, CvType.CV_16S);
        m.put(0, 0, values);
        Mat big = new Mat();
        Imgproc.resize(m, big, new Size(columns, rows), 0, 0, Imgproc.INTER_CUBIC);
        short[] out = new short[rows * columns];
        big.get(0, 0, out);
        byte[] le = new byte[out.length * 2];
        for (int i = 0; i < out.length; i++) {
            int v = asCr ? Math.max(0, Math.min(4095, out[i] + 1024)) : out[i];
            le[2 * i] = (byte) v;
            le[2 * i + 1] = (byte) (v >> 8);
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, asCr ? "1.2.840.10008.5.1.4.1.1.1" : "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, series + ".1");
        ds.setString(Tag.PatientName, VR.PN, "Bench^Pixels");
        ds.setString(Tag.PatientID, VR.LO, "BENCHPIX");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(Tag.Modality, VR.CS, asCr ? "CR" : "CT");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, asCr ? "MONOCHROME1" : "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, asCr ? 12 : 16);
        ds.setInt(Tag.HighBit, VR.US, asCr ? 11 : 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, asCr ? 0 : 1);
        if (!asCr) {
            ds.setString(Tag.WindowCenter, VR.DS, "40");
            ds.setString(Tag.WindowWidth, VR.DS, "400");
        }
        ds.setBytes(Tag.PixelData, VR.OW, le);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return Part10Writer.toBytes(new DicomFile(null, Part10Writer.createMeta(ds, ts), ds, ts));
    }

    private static String token(HttpClient http, String base) throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:bench-pass-word".getBytes(StandardCharsets.UTF_8));
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/admin/users")).header("Authorization", admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"bench\",\"password\":\"bench-password\",\"roles\":[\"READER\"],\"serviceLines\":[\"RADIOLOGY\"]}")).build(), 201);
        String reader = "Basic " + Base64.getEncoder().encodeToString("bench:bench-password".getBytes(StandardCharsets.UTF_8));
        String body = send(http, HttpRequest.newBuilder(URI.create(base + "/api/tokens")).header("Authorization", reader)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(), 201);
        return "Bearer " + body.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static void stow(HttpClient http, String base, List<byte[]> parts) throws Exception {
        send(http, HttpRequest.newBuilder(URI.create(base + "/dicomweb/studies")).header("Authorization", "Bearer demo-dr-key")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(StowApplicationTest.multipart("XyZ", parts))).build(), 200);
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
