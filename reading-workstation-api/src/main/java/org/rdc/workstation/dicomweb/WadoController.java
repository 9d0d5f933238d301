package org.rdc.workstation.dicomweb;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.ExplicitLittleEndianTranscoder;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.json.JsonWriter;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.ElementHeader;
import org.rdc.dicom.parser.Token;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Choice;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Offer;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Packaging;
import org.rdc.workstation.dicomweb.DicomWebInstances.Target;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * WADO-RS (PS3.18 §10.4): study, series and instance retrieval as {@code multipart/related;
 * type="application/dicom"}, their metadata as DICOM JSON with BulkDataURIs, and the bulk data
 * behind those URIs with HTTP Range. Everything is streamed from the spool or the object store
 * part by part; no instance is held in memory (a retrieval holds at most {@link ReadAhead}'s few chunks
 * read and hashed ahead, on a pool shared by all retrievals). One catalog query finds a request's instances and their bytes. Who may see what is the catalog's answer for the
 * caller's scope ({@link DicomWebInstances}); a GET writes nothing.
 */
@RestController
@RequestMapping("/dicomweb")
public class WadoController {

    static final String DICOM = "application/dicom";
    static final String OCTET_STREAM = "application/octet-stream";
    static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final int CHUNK = 64 * 1024;

    private final DicomWebInstances instances;
    private final long bulkDataThreshold;
    /** Open the instances of a retrieval ahead of their reading ({@link ReadAhead}): an object store's round trip each. */
    private final ExecutorService openers = Executors.newFixedThreadPool(8, daemon("wado-open"));
    /**
     * Read and hash the instances of every retrieval being sent ({@link ReadAhead}): one thread per core, shared,
     * since its tasks return instead of waiting for a slow client.
     */
    private final ExecutorService readers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            daemon("wado-read"));

    public WadoController(DicomWebInstances instances, @Value("${rdc.dicomweb.bulk-data-threshold:1024}") long bulkDataThreshold) {
        this.instances = instances;
        this.bulkDataThreshold = bulkDataThreshold;
    }

    // ---------------------------------------------------------------- PS3.18 §10.4.1.1.1 DICOM instances

    @GetMapping("/studies/{study}")
    public void study(@PathVariable String study, HttpServletRequest request, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        retrieve(instances.study(scope, study), "study " + study, request, response);
    }

    @GetMapping("/studies/{study}/series/{series}")
    public void series(@PathVariable String study, @PathVariable String series, HttpServletRequest request,
                       HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        retrieve(instances.series(scope, study, series), "series " + series, request, response);
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}")
    public void instance(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                         HttpServletRequest request, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        retrieve(List.of(instances.instance(scope, study, series, instance)), "instance " + instance, request, response);
    }

    /**
     * What a set of instances can be sent as (PS3.18 §8.7.3.5): as stored (one syntax, or each its own
     * when they differ; {@code transfer-syntax=*}), and Explicit VR Little Endian when every instance
     * is in it or can be rewritten into it. Without a transfer-syntax parameter the client gets
     * Explicit VR Little Endian when that can be produced (PS3.18 Table 8.7.3-2's default), else the
     * stored syntax, which each part's Content-Type names.
     */
    static List<Offer> offers(List<Target> targets) {
        Set<String> stored = new LinkedHashSet<>();
        boolean explicitPossible = true;
        for (Target t : targets) {
            stored.add(t.transferSyntaxUid());
            explicitPossible &= EXPLICIT_LE.equals(t.transferSyntaxUid())
                    || ExplicitLittleEndianTranscoder.canTranscode(t.transferSyntaxUid());
        }
        String asStored = stored.size() == 1 ? stored.iterator().next() : null;
        List<Offer> offers = new ArrayList<>();
        offers.add(new Offer(DICOM, asStored, !explicitPossible || EXPLICIT_LE.equals(asStored)));
        if (explicitPossible && !EXPLICIT_LE.equals(asStored)) {
            offers.add(new Offer(DICOM, EXPLICIT_LE, true));
        }
        return offers;
    }

    private void retrieve(List<Target> targets, String what, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        Choice choice = AcceptNegotiation.negotiate(request.getHeader("Accept"), Packaging.MULTIPART, offers(targets), what);
        String boundary = boundary();
        response.setBufferSize(CHUNK);
        response.setContentType(choice.contentType(boundary));
        OutputStream out = response.getOutputStream();
        try (ReadAhead<Target> parts = new ReadAhead<>(targets, t -> instances.open(t.object()), openers, readers)) {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                boolean transcode = EXPLICIT_LE.equals(choice.transferSyntax()) && !EXPLICIT_LE.equals(t.transferSyntaxUid());
                String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + DICOM + "; transfer-syntax="
                        + (transcode ? EXPLICIT_LE : t.transferSyntaxUid()) + "\r\n"
                        + (transcode ? "" : "Content-Length: " + t.object().size() + "\r\n") + "\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                InputStream part = parts.next();
                if (transcode) {
                    new ExplicitLittleEndianTranscoder().transcode(part, t.object().size(), out);
                } else {
                    part.transferTo(out);
                }
            }
            parts.finish();
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
        openers.shutdownNow();
    }

    // ---------------------------------------------------------------- PS3.18 §10.4.1.1.2 metadata

    @GetMapping("/studies/{study}/metadata")
    public void studyMetadata(@PathVariable String study, HttpServletRequest request, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        metadata(instances.study(scope, study), "metadata of study " + study, request, response);
    }

    @GetMapping("/studies/{study}/series/{series}/metadata")
    public void seriesMetadata(@PathVariable String study, @PathVariable String series, HttpServletRequest request,
                               HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        metadata(instances.series(scope, study, series), "metadata of series " + series, request, response);
    }

    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/metadata")
    public void instanceMetadata(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        CatalogScope scope = instances.scope();
        metadata(List.of(instances.instance(scope, study, series, instance)), "metadata of instance " + instance,
                request, response);
    }

    /**
     * A JSON array of one data set per instance (PS3.18 F.2), bulk values replaced by a BulkDataURI
     * (F.2.6) that names the byte offset where the value starts in the stored instance (for a
     * deflated instance, in its inflated data set), served by {@link #bulkdata}.
     */
    private void metadata(List<Target> targets, String what, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        Choice choice = AcceptNegotiation.negotiate(request.getHeader("Accept"), Packaging.SINGLE,
                List.of(Offer.of("application/dicom+json"), Offer.of("application/json")), what);
        String root = DicomWebRoot.of(request);
        response.setContentType(choice.mediaType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer out = response.getWriter();
        out.write('[');
        boolean first = true;
        for (Target t : targets) {
            StoredObject o = t.object();
            DicomFile file;
            try (InputStream in = instances.open(o)) {
                file = new Part10Reader(new DataSetReader().withoutBulkData(bulkDataThreshold)).read(in, o.size());
            }
            String base = root + "/studies/" + t.studyUid() + "/series/" + t.seriesUid() + "/instances/" + t.sopInstanceUid() + "/bulkdata/";
            if (!first) {
                out.write(',');
            }
            first = false;
            new JsonWriter().bulkDataUris((path, e) -> bulkDataUri(base, e)).write(file.dataSet(), out);
        }
        out.write(']');
        out.flush();
    }

    /** The value's offset in the stored bytes: for encapsulated pixel data, where its first item (the offset table) begins. */
    private static String bulkDataUri(String base, DataElement e) {
        if (e.bulkData() != null) {
            return base + e.bulkData().offset();
        }
        if (e.fragments() != null && e.fragments().size() > 0 && e.fragments().bulkData(0) != null) {
            return base + (e.fragments().bulkData(0).offset() - 8);
        }
        return null; // loaded because it is below the threshold: inline
    }

    // ---------------------------------------------------------------- PS3.18 §10.4.1.1.5 bulk data

    /**
     * The value that starts at {@code offset} in the stored instance, as stored (little endian for all
     * but the retired big endian syntax). With {@code Range} (RFC 9110 §14), 206 and the one range
     * asked for; several ranges, or a range over encapsulated pixel data (its fragments' bytes,
     * offset table left out, whose total is not known before they are read), get the whole value (200),
     * which RFC 9110 §14.2 allows. An offset where no value starts is 404.
     */
    @GetMapping("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{offset}")
    public void bulkdata(@PathVariable String study, @PathVariable String series, @PathVariable String instance,
                         @PathVariable String offset, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!offset.matches("[0-9]{1,18}")) {
            throw WorkstationException.invalid("bulk data is named by the byte offset of its value, not '" + offset + "'");
        }
        long at = Long.parseLong(offset);
        CatalogScope scope = instances.scope();
        Target t = instances.instance(scope, study, series, instance);
        Choice choice = AcceptNegotiation.negotiate(request.getHeader("Accept"), Packaging.MULTIPART_OR_SINGLE,
                List.of(Offer.of(OCTET_STREAM)), "bulk data of instance " + instance);
        StoredObject o = t.object();
        try (InputStream in = instances.open(o)) {
            DataSetParser parser = new Part10Reader().open(in, o.size()).parser();
            for (Token token = parser.next(); token != null; token = parser.next()) {
                ElementHeader h = parser.header();
                if (h.valueOffset() != at) {
                    continue;
                }
                if (token == Token.ELEMENT) {
                    HttpRange.Slice slice = HttpRange.parse(request.getHeader("Range"), h.length());
                    if (slice == null) {
                        response.setHeader("Content-Range", "bytes */" + h.length());
                        throw new WorkstationException(WorkstationException.Kind.RANGE_NOT_SATISFIABLE,
                                "the range '" + request.getHeader("Range") + "' is outside the value's " + h.length() + " bytes");
                    }
                    sendValue(parser, slice, choice, response);
                    return;
                }
                if (token == Token.FRAGMENTS_START) {
                    sendFragments(parser, choice, response);
                    return;
                }
            }
        }
        throw WorkstationException.notFound("no value starts at byte " + at + " of instance " + instance);
    }

    private void sendValue(DataSetParser parser, HttpRange.Slice slice, Choice choice, HttpServletResponse response) throws IOException {
        response.setHeader("Accept-Ranges", "bytes");
        if (slice.partial()) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", slice.contentRange());
        }
        String boundary = boundary();
        response.setContentType(choice.contentType(boundary));
        OutputStream out = response.getOutputStream();
        if (choice.multipart()) {
            out.write(("--" + boundary + "\r\nContent-Type: " + OCTET_STREAM + "\r\n"
                    + (slice.partial() ? "Content-Range: " + slice.contentRange() + "\r\n" : "")
                    + "Content-Length: " + slice.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            response.setContentLengthLong(slice.length());
        }
        InputStream value = parser.valueStream();
        value.skipNBytes(slice.first());
        copy(value, out, new byte[CHUNK], slice.length());
        if (choice.multipart()) {
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private void sendFragments(DataSetParser parser, Choice choice, HttpServletResponse response) throws IOException {
        String boundary = boundary();
        response.setContentType(choice.contentType(boundary));
        OutputStream out = response.getOutputStream();
        if (choice.multipart()) {
            out.write(("--" + boundary + "\r\nContent-Type: " + OCTET_STREAM + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        boolean offsetTable = true;
        for (Token t = parser.next(); t == Token.FRAGMENT; t = parser.next()) {
            if (offsetTable) {
                offsetTable = false; // PS3.5 A.4: the first item is the Basic Offset Table, not pixel data
                continue;
            }
            parser.copyValue(out);
        }
        if (choice.multipart()) {
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static void copy(InputStream in, OutputStream out, byte[] buffer, long limit) throws IOException {
        long left = limit;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String boundary() {
        return UUID.randomUUID().toString();
    }
}
