package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.SourceFormat;

/**
 * An EDF or continuous EDF+ file streamed data record by data record. Samples are 16-bit
 * little-endian, scaled per signal by (physical max - min) / (digital max - min) (EDF 1992,
 * "data record"). EDF+ annotations are read from the "EDF Annotations" signal as time-stamped
 * annotation lists (TALs, EDF+ 2.2.2): "+onset[\x15duration]\x14text\x14...\x14\0".
 */
final class EdfRecording implements HolterRecording {

    private final EdfHeader edf;
    private final HolterHeader header;
    private final List<HolterAnnotation> annotations;
    private final FileChannel channel;
    private final int[] signalIndex;
    private final ByteBuffer record;
    private long nextRecord;

    private EdfRecording(EdfHeader edf, HolterHeader header, List<HolterAnnotation> annotations, FileChannel channel, int[] signalIndex) {
        this.edf = edf;
        this.header = header;
        this.annotations = annotations;
        this.channel = channel;
        this.signalIndex = signalIndex;
        this.record = ByteBuffer.allocate(edf.recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    static EdfRecording open(Path file) throws IOException, EcgFormatException {
        return open(FileChannel.open(file, StandardOpenOption.READ), true);
    }

    /** Reads from {@code channel}, which the recording closes; EDF+ annotations are read only when asked for (a pass over every record). */
    static EdfRecording open(FileChannel channel, boolean withAnnotations) throws IOException, EcgFormatException {
        try {
            EdfHeader edf = EdfHeader.read(channel);
            if (edf.discontinuous()) {
                throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "EDF+D (discontinuous) recordings are not supported");
            }
            List<HolterLead> leads = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            int samplesPerRecord = -1;
            for (int i = 0; i < edf.signals().size(); i++) {
                EdfHeader.Signal s = edf.signals().get(i);
                if (s.isAnnotations()) {
                    continue;
                }
                if (samplesPerRecord >= 0 && s.samplesPerRecord() != samplesPerRecord) {
                    throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "EDF: signals with different sampling rates ("
                            + s.label() + " has " + s.samplesPerRecord() + " samples per record, not " + samplesPerRecord + ")");
                }
                samplesPerRecord = s.samplesPerRecord();
                leads.add(lead(s));
                index.add(i);
            }
            if (leads.isEmpty() || samplesPerRecord <= 0 || edf.recordSeconds() <= 0) {
                throw new EcgFormatException("EDF: no signal with samples");
            }
            long records = edf.records() >= 0 ? edf.records() : (channel.size() - edf.headerBytes()) / edf.recordBytes();
            HolterHeader header = new HolterHeader(edf.plus() ? SourceFormat.EDF_PLUS : SourceFormat.EDF,
                    samplesPerRecord / edf.recordSeconds(), leads, records * samplesPerRecord, edf.start(), edf.patient());
            List<HolterAnnotation> annotations = edf.plus() && withAnnotations ? readAnnotations(channel, edf, records, header.sampleRate()) : List.of();
            return new EdfRecording(edf, header, annotations, channel, index.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException | EcgFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static HolterLead lead(EdfHeader.Signal s) throws EcgFormatException {
        if (s.digitalMax() <= s.digitalMin()) {
            throw new EcgFormatException("EDF: signal " + s.label() + " digital maximum " + s.digitalMax() + " is not above the minimum");
        }
        double unit = switch (s.unit()) {
            case "uV", "µV" -> 1;
            case "mV" -> 1000;
            case "V" -> 1e6;
            default -> 1;
        };
        double perDigit = (s.physicalMax() - s.physicalMin()) / (s.digitalMax() - s.digitalMin());
        return new HolterLead(s.label(), s.unit(), perDigit * unit, (s.physicalMin() - s.digitalMin() * perDigit) * unit);
    }

    /** One pass over the annotation signal's bytes only (positional reads), so samples stay unread until asked for. */
    private static List<HolterAnnotation> readAnnotations(FileChannel channel, EdfHeader edf, long records, double fs)
            throws IOException, EcgFormatException {
        List<HolterAnnotation> out = new ArrayList<>();
        int offset = 0;
        for (EdfHeader.Signal s : edf.signals()) {
            if (s.isAnnotations()) {
                ByteBuffer b = ByteBuffer.allocate(2 * s.samplesPerRecord());
                for (long r = 0; r < records; r++) {
                    b.clear();
                    long at = edf.headerBytes() + r * edf.recordBytes() + offset;
                    while (b.hasRemaining() && channel.read(b, at + b.position()) > 0) {
                        // positional reads until this record's annotation bytes are in
                    }
                    EdfAnnotations.parse(b.array(), b.position(), fs, out);
                }
            }
            offset += 2 * s.samplesPerRecord();
        }
        out.sort(java.util.Comparator.comparingLong(HolterAnnotation::frame));
        return out;
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        return annotations;
    }

    @Override
    public SampleBlock newBlock() {
        int perRecord = edf.signals().get(signalIndex[0]).samplesPerRecord();
        return new SampleBlock(signalIndex.length, Math.max(1, 4096 / perRecord) * perRecord);
    }

    /** Data records have a fixed size: the next block starts at the record holding {@code frame}. */
    @Override
    public void seek(long frame) {
        int perRecord = edf.signals().get(signalIndex[0]).samplesPerRecord();
        nextRecord = Math.max(0, Math.min(frame, header.frames())) / perRecord;
    }

    @Override
    public boolean read(SampleBlock block) throws IOException {
        int perRecord = edf.signals().get(signalIndex[0]).samplesPerRecord();
        long firstFrame = nextRecord * perRecord;
        int got = 0;
        while (got + perRecord <= block.capacity() && nextRecord * perRecord < header.frames() && readRecord()) {
            for (int l = 0; l < signalIndex.length; l++) {
                int at = 0;
                for (int i = 0; i < signalIndex[l]; i++) {
                    at += 2 * edf.signals().get(i).samplesPerRecord();
                }
                HolterLead lead = header.leads().get(l);
                double[] out = block.lead(l);
                for (int k = 0; k < perRecord; k++) {
                    out[got + k] = lead.microvolts(record.getShort(at + 2 * k));
                }
            }
            got += perRecord;
            nextRecord++;
        }
        block.fill(firstFrame, got);
        return got > 0;
    }

    private boolean readRecord() throws IOException {
        record.clear();
        long at = edf.headerBytes() + nextRecord * (long) edf.recordBytes();
        while (record.hasRemaining()) {
            if (channel.read(record, at + record.position()) <= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
