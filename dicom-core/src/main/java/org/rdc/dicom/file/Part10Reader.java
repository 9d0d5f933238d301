package org.rdc.dicom.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads DICOM files (PS3.10 section 7.1): preamble, "DICM", File Meta Information, then the data
 * set in the transfer syntax the meta header names. Tolerates what real files get wrong when the
 * meaning is still clear: no preamble or meta header at all, a meta header without group length or
 * without transfer syntax (the syntax is then recognised from the first data set element), each
 * with a warning in {@link #warnings()}.
 */
public final class Part10Reader {

    private static final Logger LOG = LoggerFactory.getLogger(Part10Reader.class);

    private final DataSetReader dataSetReader;
    private final List<String> warnings = new ArrayList<>();

    public Part10Reader() {
        this(new DataSetReader());
    }

    /** A reader whose data set part is read with the given options (bulk data, fallback charset, stop tag). */
    public Part10Reader(DataSetReader dataSetReader) {
        this.dataSetReader = dataSetReader;
    }

    public DicomFile read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, Files.size(path));
        }
    }

    /**
     * Reads a file from a stream.
     *
     * @param length the stream length if known (lets truncation be reported before reading), else -1
     */
    public DicomFile read(InputStream stream, long length) throws IOException {
        Part10Stream s = open(stream, length);
        DataSet dataSet = dataSetReader.read(s.parser());
        warnings.addAll(s.parser().warnings());
        return new DicomFile(s.preamble(), s.meta(), dataSet, s.transferSyntax());
    }

    /**
     * Reads preamble and File Meta Information and returns a parser standing at the first data set
     * element, for callers that stream the data set themselves. The stream is buffered internally.
     */
    public Part10Stream open(InputStream stream, long length) throws IOException {
        warnings.clear();
        BufferedInputStream in = new BufferedInputStream(stream, 64 * 1024);
        byte[] head = new byte[132];
        in.mark(132);
        int n = in.readNBytes(head, 0, 132);
        byte[] preamble = null;
        long position = 0;
        if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            preamble = Arrays.copyOf(head, 128);
            position = 132;
        } else {
            in.reset();
        }
        DataSet meta = null;
        if (preamble != null || peekGroup(in) == 0x0002) {
            meta = new DataSet();
            DataSetParser parser = new DataSetParser(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, position,
                    length < 0 ? -1 : length - position);
            while (peekGroup(in) == 0x0002) {
                Token t = parser.next();
                if (t != Token.ELEMENT) {
                    throw new DicomParseException("unexpected " + t + " in the file meta information",
                            parser.position(), parser.header() == null ? DicomParseException.NO_TAG : parser.header().tag());
                }
                meta.put(new DataElement(parser.header().tag(), parser.header().vr(), parser.readValue()));
            }
            warnings.addAll(parser.warnings());
            position = parser.position();
            if (!meta.contains(Tag.FileMetaInformationGroupLength)) {
                warn("file meta information has no group length (0002,0000)");
            }
        } else {
            warn("no file meta information: transfer syntax recognised from the data set");
        }
        String tsUid = meta == null ? null : meta.getString(Tag.TransferSyntaxUID);
        TransferSyntax syntax;
        if (tsUid == null) {
            syntax = sniff(in, position);
            if (meta != null) {
                warn("file meta information has no transfer syntax (0002,0010): read as " + syntax.name());
            }
        } else {
            syntax = TransferSyntax.of(tsUid);
        }
        DataSetParser parser = syntax.deflated()
                ? new DataSetParser(new InflaterInputStream(in, new Inflater(true), 8192), syntax, 0, -1)
                : new DataSetParser(in, syntax, position, length < 0 ? -1 : length - position);
        return new Part10Stream(preamble, meta, syntax, position, parser);
    }

    /**
     * A file opened for streaming: what precedes the data set, where the data set starts in the file,
     * and the parser for the data set. For the deflated syntax the parser's offsets count inflated bytes.
     */
    public record Part10Stream(byte[] preamble, DataSet meta, TransferSyntax transferSyntax, long dataSetOffset,
                               DataSetParser parser) {
    }

    /** Defects tolerated in the last file read. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    private void warn(String message) {
        LOG.warn(message);
        warnings.add(message);
    }

    private static int peekGroup(BufferedInputStream in) throws IOException {
        in.mark(2);
        int lo = in.read();
        int hi = in.read();
        in.reset();
        return lo < 0 || hi < 0 ? -1 : lo | hi << 8;
    }

    /**
     * Recognises the encoding from the first element: a group number that only makes sense read big
     * endian (first byte 0, second not), and two upper-case letters naming a VR after the tag.
     */
    static TransferSyntax sniff(BufferedInputStream in, long position) throws IOException {
        in.mark(6);
        byte[] b = in.readNBytes(6);
        in.reset();
        if (b.length < 6) {
            throw new DicomParseException("too short to be a DICOM data set", position, DicomParseException.NO_TAG);
        }
        boolean bigEndian = b[0] == 0 && b[1] != 0;
        boolean explicit = VR.ofName(new String(b, 4, 2, StandardCharsets.ISO_8859_1)) != null;
        if (bigEndian) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }
}
