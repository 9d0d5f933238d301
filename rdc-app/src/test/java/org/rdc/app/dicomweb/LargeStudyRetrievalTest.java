package org.rdc.app.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.app.Rdc;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;
import org.rdc.dicom.uid.UidGenerator;

/**
 * A 1 GiB multi-frame instance (2048 frames of 512x512x16 bit, Implicit VR Little Endian) through a
 * centre whose JVM has a 128 MB heap: in by STOW-RS, then out by WADO-RS as stored (the SHA-256 of
 * the part's data set equals the sent one's), transcoded to Explicit VR Little Endian (the pixel data's SHA-256 survives),
 * its metadata, and the last 1000 bytes of its pixel data by Range. None of it fits in that heap, so
 * each answer shows the bytes were streamed. Bounded: each request has a time limit.
 */
class LargeStudyRetrievalTest {

    static final int FRAMES = 2048;
    static final int FRAME_BYTES = 512 * 512 * 2;
    static final long PIXEL_BYTES = (long) FRAMES * FRAME_BYTES;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void oneGigabyteInAndOutOfA128MegabyteHeap() throws Exception {
        int port = freePort();
        Path log = dir.resolve("centre.log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process centre = new ProcessBuilder(javaBin, "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), Rdc.class.getName(),
                "--rdc.data-dir=" + dir.resolve("data"), "--rdc.demo=true", "--rdc.admin.user=admin", "--rdc.admin.password=large-admin",
                "--rdc.security.bcrypt-strength=4", "--rdc.dicom.port=0", "--rdc.dicom.bind-address=127.0.0.1",
                "--server.port=" + port, "--server.address=127.0.0.1", "--rdc.ecg.enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitStarted(centre, log);
            String base = "http://127.0.0.1:" + port;
            String study = UidGenerator.newUid();
            String series = study + ".1";
            String sop = study + ".1.1";
            byte[] head = header(study, series, sop);

            // STOW-RS: the multipart body is generated as it is sent
            String boundary = "large-boundary";
            byte[] partHead = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create(base + "/dicomweb/studies"))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer demo-dr-key")
                    .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(List.of(
                            new java.io.ByteArrayInputStream(partHead), new java.io.ByteArrayInputStream(head), new Pixels(PIXEL_BYTES),
                            new java.io.ByteArrayInputStream(tail)))))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stow.statusCode()).as(stow.body() + tail(log)).isEqualTo(200);

            // the data set after the File Meta Information, which the receiver writes itself (PS3.10 §7.1)
            int sentMeta = 144 + (int) java.nio.ByteBuffer.wrap(head, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            MessageDigest file = MessageDigest.getInstance("SHA-256");
            file.update(head, sentMeta, head.length - sentMeta);
            digest(new Pixels(PIXEL_BYTES), file, Long.MAX_VALUE);
            String dataSetSha = HexFormat.of().formatHex(file.digest());
            MessageDigest pixels = MessageDigest.getInstance("SHA-256");
            digest(new Pixels(PIXEL_BYTES), pixels, Long.MAX_VALUE);
            String pixelSha = HexFormat.of().formatHex(pixels.digest());

            // as stored: the part is the file, byte for byte
            try (InputStream in = get(base + "/dicomweb/studies/" + study, "multipart/related; type=\"application/dicom\"; transfer-syntax=*")) {
                String headers = partHeaders(in);
                assertThat(headers).contains("transfer-syntax=1.2.840.10008.1.2");
                Matcher length = Pattern.compile("Content-Length: (\\d+)").matcher(headers);
                assertThat(length.find()).isTrue();
                long partLength = Long.parseLong(length.group(1));
                byte[] start = in.readNBytes(144);
                int meta = 144 + (int) java.nio.ByteBuffer.wrap(start, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                in.skipNBytes(meta - 144);
                assertThat(partLength - meta).isEqualTo(head.length - sentMeta + PIXEL_BYTES);
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                digest(in, got, partLength - meta);
                assertThat(HexFormat.of().formatHex(got.digest())).as("the data set as it was sent").isEqualTo(dataSetSha);
            }

            // transcoded to Explicit VR Little Endian as it is sent
            try (InputStream in = get(base + "/dicomweb/studies/" + study + "/series/" + series,
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1")) {
                assertThat(partHeaders(in)).contains("transfer-syntax=1.2.840.10008.1.2.1");
                Part10Reader.Part10Stream part = new Part10Reader().open(in, -1);
                assertThat(part.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                DataSetParser parser = part.parser();
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                for (Token t = parser.next(); t != null; t = parser.next()) {
                    if (parser.header().tag() == Tag.PixelData) {
                        assertThat(parser.header().vr()).isEqualTo(VR.OW);
                        digest(parser.valueStream(), got, PIXEL_BYTES);
                        break;
                    }
                }
                assertThat(HexFormat.of().formatHex(got.digest())).as("the pixel data, transcoded").isEqualTo(pixelSha);
            }

            // metadata, and the end of the pixel data by Range
            String metadata;
            try (InputStream in = get(base + "/dicomweb/studies/" + study + "/metadata", "application/dicom+json")) {
                metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher uri = Pattern.compile("\"7FE00010\":\\{\"vr\":\"OW\",\"BulkDataURI\":\"([^\"]+)\"").matcher(metadata);
            assertThat(uri.find()).as(metadata).isTrue();
            assertThat(metadata).contains("\"00280008\":{\"vr\":\"IS\",\"Value\":[" + FRAMES + "]}");
            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(uri.group(1))).timeout(Duration.ofMinutes(3))
                    .header("Authorization", admin()).header("Accept", "application/octet-stream")
                    .header("Range", "bytes=-1000").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes " + (PIXEL_BYTES - 1000) + "-" + (PIXEL_BYTES - 1) + "/" + PIXEL_BYTES);
            byte[] expected = new byte[1000];
            Pixels.fill(expected, 0, 1000, PIXEL_BYTES - 1000);
            assertThat(range.body()).isEqualTo(expected);
            assertThat(centre.isAlive()).as("no OutOfMemoryError" + tail(log)).isTrue();
        } finally {
            centre.destroy();
            if (!centre.waitFor(30, TimeUnit.SECONDS)) {
                centre.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The Part 10 file up to and including the Pixel Data header, Implicit VR Little Endian. */
    static byte[] header(String study, String series, String sop) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.3.1"); // Ultrasound Multi-frame Image Storage
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.PatientName, VR.PN, "周^九");
        ds.setString(Tag.PatientID, VR.LO, "LARGE-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setString(0x00080060, VR.CS, "US");
        ds.setString(Tag.of(0x0028, 0x0008), VR.IS, String.valueOf(FRAMES));
        ds.setInt(Tag.of(0x0028, 0x0002), VR.US, 1);
        ds.setString(Tag.of(0x0028, 0x0004), VR.CS, "MONOCHROME2");
        ds.setInt(Tag.of(0x0028, 0x0010), VR.US, 512);
        ds.setInt(Tag.of(0x0028, 0x0011), VR.US, 512);
        ds.setInt(Tag.of(0x0028, 0x0100), VR.US, 16);
        ds.setInt(Tag.of(0x0028, 0x0101), VR.US, 16);
        ds.setInt(Tag.of(0x0028, 0x0102), VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.writeFileHeader(out, null, Part10Writer.createMeta(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        new DataSetWriter(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        // (7FE0,0010), implicit VR: tag and 32-bit length
        long n = PIXEL_BYTES;
        out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        return out.toByteArray();
    }

    /** Deterministic pixel bytes, made as they are read. */
    static final class Pixels extends InputStream {
        private final long length;
        private long position;

        Pixels(long length) {
            this.length = length;
        }

        static void fill(byte[] b, int off, int len, long at) {
            for (int i = 0; i < len; i++) {
                long p = at + i;
                b[off + i] = (byte) (p * 31 + (p >>> 19));
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            fill(b, off, n, position);
            position += n;
            return n;
        }
    }

    private InputStream get(String url, String accept) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(3))
                .header("Authorization", admin()).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new AssertionError(url + ": " + r.statusCode() + " " + body);
        }
        return r.body();
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString("admin:large-admin".getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the first delimiter and part headers, leaving the stream at the part's first byte. */
    static String partHeaders(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("part headers: " + sb).isNotNegative();
            sb.append((char) c);
            assertThat(sb.length()).isLessThan(4096);
        }
        return sb.toString();
    }

    static void digest(InputStream in, MessageDigest md, long limit) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            md.update(buf, 0, n);
            left -= n;
        }
    }

    private static void awaitStarted(Process p, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Started ")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the centre did not start" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return "\n--- centre log (end) ---\n" + s.substring(Math.max(0, s.length() - 6000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
