package org.rdc.gateway.stow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    static byte[] body(String boundary, List<byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(p);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Delivers at most 7 bytes per read, so boundaries fall across every window position. */
    static InputStream trickle(byte[] b) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] a, int off, int len) {
                return super.read(a, off, Math.min(len, 7));
            }
        };
    }

    @Test
    void partsOfAnySizeComeBackExactly() throws IOException {
        Random r = new Random(1);
        List<byte[]> parts = new ArrayList<>();
        for (int size : new int[] {0, 1, 65, 65536, 65537, 200_000}) {
            byte[] p = new byte[size];
            r.nextBytes(p);
            parts.add(p);
        }
        // a part containing something that looks like the start of a delimiter (RFC 2046: never the whole one)
        parts.add("\r\n--boundar\r\n-\r\n--bound".getBytes(StandardCharsets.US_ASCII));
        String boundary = "boundary";
        for (InputStream in : List.of(new ByteArrayInputStream(body(boundary, parts)), trickle(body(boundary, parts)))) {
            MultipartReader reader = new MultipartReader(in, boundary);
            List<byte[]> got = new ArrayList<>();
            while (reader.next() != null) {
                got.add(reader.body().readAllBytes());
            }
            assertThat(got).hasSize(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                assertThat(got.get(i)).as("part %d", i).isEqualTo(parts.get(i));
            }
        }
    }

    @Test
    void missingClosingBoundaryIsAnError() {
        byte[] b = "--b\r\nContent-Type: application/dicom\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(b), "b");
            while (reader.next() != null) {
                reader.body().readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void boundaryParameter() {
        assertThat(MultipartReader.boundary("multipart/related; type=\"application/dicom\"; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.parameter("multipart/related; type=application/dicom; boundary=x", "type"))
                .isEqualTo("application/dicom");
    }
}
