package org.rdc.gateway.stow;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.gateway.dimse.DataSetTooLargeException;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.scp.InstanceReceiver;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.InstanceAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOW-RS (PS3.18 10.5): a multipart/related body of {@code application/dicom} parts (Part 10 files) is
 * stored part by part through the same path as C-STORE ({@link InstanceReceiver}): our File Meta
 * Information, then the data set bytes exactly as received, parsed as they stream, committed before the
 * part counts as stored. The HTTP controller maps the {@link Result} to 200 / 202 / 409 and the
 * PS3.18 Table 10.5.3-1 response (Referenced / Failed SOP Sequence).
 */
public final class StowService {

    private static final Logger log = LoggerFactory.getLogger(StowService.class);
    private static final int MAX_META = 64 * 1024;

    private final InstanceStore store;
    private final GatewayListener listener;
    private final long maxDataSetBytes;
    private final long maxInflatedBytes;

    public StowService(InstanceStore store, GatewayListener listener, long maxDataSetBytes, long maxInflatedBytes) {
        this.store = store;
        this.listener = listener == null ? new GatewayListener() { } : listener;
        this.maxDataSetBytes = maxDataSetBytes;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /** One part's outcome; {@code failureReason} 0 when stored (PS3.18 10.5.3, reasons as in PS3.4 B.2.3). */
    public record PartResult(String sopClassUid, String sopInstanceUid, String studyInstanceUid, int failureReason,
                             String comment) {
    }

    public record Result(List<PartResult> parts) {
        public long stored() {
            return parts.stream().filter(p -> p.failureReason == 0).count();
        }

        public long failed() {
            return parts.size() - stored();
        }
    }

    /** Thrown for a request that is not a STOW-RS request at all (HTTP 400 / 415). */
    public static final class BadRequestException extends RuntimeException {
        private final boolean unsupportedMediaType;

        public BadRequestException(String message, boolean unsupportedMediaType) {
            super(message);
            this.unsupportedMediaType = unsupportedMediaType;
        }

        public boolean unsupportedMediaType() {
            return unsupportedMediaType;
        }
    }

    /**
     * Stores every part of the request.
     *
     * @param studyInstanceUid the study of {@code /studies/{study}}, or null; instances of another study fail (0xA900)
     */
    public Result store(InputStream body, String contentType, FacilityRegistry.Match device, String studyInstanceUid)
            throws IOException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/related")) {
            throw new BadRequestException("Content-Type must be multipart/related; type=\"application/dicom\"", true);
        }
        String partType = MultipartReader.parameter(contentType, "type");
        if (partType != null && !partType.equalsIgnoreCase("application/dicom")) {
            throw new BadRequestException("only type=\"application/dicom\" parts are supported (not " + partType + ")", true);
        }
        String boundary = MultipartReader.boundary(contentType);
        if (boundary == null) {
            throw new BadRequestException("multipart/related without a boundary", false);
        }
        MultipartReader reader;
        try {
            reader = new MultipartReader(body, boundary);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), false);
        }
        SpecificCharacterSet fallback;
        try {
            fallback = SpecificCharacterSet.of(device.facility().defaultCharacterSet());
            if (fallback == null) {
                fallback = SpecificCharacterSet.DEFAULT_FALLBACK;
            }
        } catch (RuntimeException e) {
            fallback = SpecificCharacterSet.DEFAULT_FALLBACK;
        }
        InstanceReceiver.Source source = new InstanceReceiver.Source(device.facility().id(), device.device().aeTitle(), fallback);
        List<PartResult> results = new ArrayList<>();
        for (Map<String, String> headers = reader.next(); headers != null; headers = reader.next()) {
            String ct = headers.getOrDefault("content-type", "application/dicom").toLowerCase(Locale.ROOT);
            if (!ct.startsWith("application/dicom")) {
                results.add(new PartResult(null, null, null, Dimse.SOP_CLASS_NOT_SUPPORTED, "part of type " + ct
                        + " is not application/dicom"));
                continue;
            }
            results.add(storePart(reader.body(), source, studyInstanceUid));
        }
        if (results.isEmpty()) {
            throw new BadRequestException("the multipart body has no part", false);
        }
        Set<String> studies = new LinkedHashSet<>();
        results.stream().filter(r -> r.failureReason == 0 && r.studyInstanceUid != null).forEach(r -> studies.add(r.studyInstanceUid));
        Result result = new Result(List.copyOf(results));
        listener.stowCompleted(new GatewayListener.StowCompleted(device.facility().id(), device.device().aeTitle(), studies,
                (int) result.stored(), (int) result.failed()));
        log.info("STOW-RS from '{}' (facility '{}'): {} stored, {} failed", device.device().aeTitle(), device.facility().id(),
                result.stored(), result.failed());
        return result;
    }

    private PartResult storePart(InputStream part, InstanceReceiver.Source source, String expectedStudy) throws IOException {
        CountingInput counted = new CountingInput(part, maxDataSetBytes);
        DataInputStream in = new DataInputStream(counted);
        String cls = null;
        String inst = null;
        try {
            byte[] head = new byte[144];
            in.readFully(head);
            if (head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
                drain(part);
                return new PartResult(null, null, null, Dimse.CANNOT_UNDERSTAND, "not a DICOM Part 10 file (no DICM prefix)");
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getShort(132) != 2 || b.getShort(134) != 0 || b.get(136) != 'U' || b.get(137) != 'L') {
                drain(part);
                return new PartResult(null, null, null, Dimse.CANNOT_UNDERSTAND, "File Meta Information without group length");
            }
            long metaLength = b.getInt(140) & 0xFFFFFFFFL;
            if (metaLength > MAX_META) {
                drain(part);
                return new PartResult(null, null, null, Dimse.CANNOT_UNDERSTAND, "File Meta Information of " + metaLength + " bytes");
            }
            byte[] metaBytes = new byte[(int) metaLength];
            in.readFully(metaBytes);
            DataSet meta = new DataSetReader().read(new DataSetParser(new ByteArrayInputStream(metaBytes),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 144, metaLength));
            cls = meta.getString(Tag.MediaStorageSOPClassUID);
            inst = meta.getString(Tag.MediaStorageSOPInstanceUID);
            String ts = meta.getString(Tag.TransferSyntaxUID);
            if (ts == null) {
                drain(part);
                return new PartResult(cls, inst, null, Dimse.CANNOT_UNDERSTAND, "no Transfer Syntax UID (0002,0010)");
            }
            counted.restart();
            try (InstanceStore.Incoming incoming = store.begin()) {
                InstanceReceiver.writeHeader(incoming, cls, inst, ts, source.sourceAeTitle());
                TeeInput tee = new TeeInput(counted, incoming);
                DataSet header = InstanceReceiver.parse(tee, TransferSyntax.of(ts), maxInflatedBytes, source.fallbackCharacterSet());
                tee.transferTo(java.io.OutputStream.nullOutputStream()); // anything after the parser's end (deflate trailer)
                InstanceAttributes a = InstanceReceiver.attributes(header, cls, inst, ts, source);
                if (expectedStudy != null && !expectedStudy.equals(a.studyInstanceUid())) {
                    return new PartResult(cls, inst, a.studyInstanceUid(), Dimse.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                            "instance of study " + a.studyInstanceUid() + ", not of " + expectedStudy);
                }
                StoredInstance stored = incoming.commit(a);
                listener.instanceStored(new GatewayListener.InstanceStored(source.facilityId(), source.sourceAeTitle(), a, stored,
                        "STOW-RS"));
                return new PartResult(a.sopClassUid(), a.sopInstanceUid(), a.studyInstanceUid(), 0, null);
            }
        } catch (DataSetTooLargeException e) {
            drain(part);
            return new PartResult(cls, inst, null, Dimse.OUT_OF_RESOURCES, e.getMessage());
        } catch (InstanceReceiver.InvalidDataSetException e) {
            drain(part);
            return new PartResult(cls, inst, null, e.mismatch() ? Dimse.DATA_SET_DOES_NOT_MATCH_SOP_CLASS : Dimse.CANNOT_UNDERSTAND,
                    e.getMessage());
        } catch (DicomParseException | EOFException | java.util.zip.ZipException e) {
            drain(part);
            return new PartResult(cls, inst, null, Dimse.CANNOT_UNDERSTAND, "invalid data set: " + e.getMessage());
        } catch (StorageException e) {
            drain(part);
            return new PartResult(cls, inst, null, InstanceReceiver.failureStatus(e), "storage: " + e.getMessage());
        }
    }

    private static void drain(InputStream part) throws IOException {
        part.transferTo(java.io.OutputStream.nullOutputStream());
    }

    /** Counts the data set bytes of a part against the limit. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        CountingInput(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        void restart() {
            count = 0;
        }

        private int counted(int n) throws DataSetTooLargeException {
            if (n > 0 && (count += n) > limit) {
                throw new DataSetTooLargeException("data set larger than the limit of " + limit + " bytes");
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(in.read(b, off, len));
        }
    }

    /** Every byte read or skipped goes to storage too (skips are read through). */
    private static final class TeeInput extends InputStream {
        private final InputStream in;
        private final java.io.OutputStream sink;
        private final byte[] scratch = new byte[64 * 1024];

        TeeInput(InputStream in, java.io.OutputStream sink) {
            this.in = in;
            this.sink = sink;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sink.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sink.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int r = read(scratch, 0, (int) Math.min(n, scratch.length));
            return Math.max(r, 0);
        }
    }
}
