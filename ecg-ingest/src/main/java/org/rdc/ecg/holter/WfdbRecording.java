package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.SourceFormat;

/**
 * A WFDB record streamed from its signal file. Signal formats as signal(5) of the WFDB Software
 * Package defines them: 212 packs two 12-bit two's-complement samples into three bytes (the second
 * sample's high nibble in the high half of the middle byte), 16 is 16-bit little-endian; samples are
 * interleaved frame by frame across the signals of a file. All signals must share one file.
 */
final class WfdbRecording implements HolterRecording {

    private final HolterHeader header;
    private final List<HolterAnnotation> annotations;
    private final LittleEndianInput in;
    private final int format;
    private final int[] baseline;
    private final long byteOffset;
    private long frame;
    private int pending212 = -1;

    private WfdbRecording(HolterHeader header, List<HolterAnnotation> annotations, LittleEndianInput in, int format, int[] baseline,
                          long byteOffset) {
        this.byteOffset = byteOffset;
        this.header = header;
        this.annotations = annotations;
        this.in = in;
        this.format = format;
        this.baseline = baseline;
    }

    /** Opens the record of a header file; its reference annotations are {@code <record>.atr} beside it when present. */
    static WfdbRecording open(Path headerFile, String headerText, Path annotationFile) throws EcgFormatException, IOException {
        WfdbHeader h = WfdbHeader.parse(headerText);
        if (h.signals().isEmpty()) {
            throw new EcgFormatException("WFDB header: record " + h.name() + " has no signals");
        }
        WfdbHeader.Signal first = h.signals().get(0);
        for (WfdbHeader.Signal s : h.signals()) {
            if (!s.file().equals(first.file()) || s.format() != first.format()) {
                throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED,
                        "WFDB record " + h.name() + ": signals in several files or formats are not supported");
            }
        }
        // Only signal files beside the header: a header must not point the reader elsewhere on the disk.
        if (first.file().contains("/") || first.file().contains("\\") || first.file().startsWith(".")) {
            throw new EcgFormatException("WFDB header: signal file \"" + first.file() + "\" is outside the record's directory");
        }
        Path signalFile = headerFile.resolveSibling(first.file());
        if (!Files.isRegularFile(signalFile)) {
            throw new EcgFormatException("WFDB record " + h.name() + ": signal file " + first.file() + " is missing");
        }
        int n = h.signals().size();
        long frames = h.frames() >= 0 ? h.frames() : (Files.size(signalFile) - first.byteOffset()) * 2 / (first.format() == 212 ? 3 : 4) / n;
        List<HolterLead> leads = h.signals().stream()
                .map(s -> new HolterLead(s.description(), s.units(), microvoltsPerAdu(s), 0)).toList();
        int[] baseline = h.signals().stream().mapToInt(WfdbHeader.Signal::baseline).toArray();
        Path atr = annotationFile != null ? annotationFile : headerFile.resolveSibling(h.name() + ".atr");
        List<HolterAnnotation> annotations = Files.isRegularFile(atr) ? MitAnnotations.read(atr) : List.of();
        LittleEndianInput in = new LittleEndianInput(FileChannel.open(signalFile, StandardOpenOption.READ), first.byteOffset());
        return new WfdbRecording(new HolterHeader(SourceFormat.WFDB, h.sampleRate(), leads, frames, h.start(), h.name()),
                annotations, in, first.format(), baseline, first.byteOffset());
    }

    private static double microvoltsPerAdu(WfdbHeader.Signal s) {
        double scale = switch (s.units()) {
            case "uV", "µV" -> 1;
            case "V" -> 1e6;
            default -> 1000;
        };
        return scale / s.gain();
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        return annotations;
    }

    /** Format 16 frames are 2 bytes a signal; 212 packs sample pairs in 3 bytes, so an odd sample starts mid-pair. */
    @Override
    public void seek(long frame) throws IOException {
        this.frame = Math.max(0, Math.min(frame, header.frames()));
        long sample = this.frame * baseline.length;
        pending212 = -1;
        if (format == 212) {
            in.seek(byteOffset + sample / 2 * 3);
            if (sample % 2 == 1) {
                next212();
            }
        } else {
            in.seek(byteOffset + sample * 2);
        }
    }

    @Override
    public boolean read(SampleBlock block) throws IOException {
        int leads = baseline.length;
        long left = header.frames() - frame;
        int want = (int) Math.min(block.capacity(), left);
        int got = 0;
        while (got < want && in.has(format == 212 ? 2 : 2 * leads)) {
            for (int s = 0; s < leads; s++) {
                int adu = format == 212 ? next212() : in.s16();
                block.lead(s)[got] = header.leads().get(s).microvolts(adu - baseline[s]);
            }
            got++;
        }
        block.fill(frame, got);
        frame += got;
        return got > 0;
    }

    /** Format 212: bytes b0 b1 b2 hold sample 1 = b0 | (b1 & 0x0F) << 8 and sample 2 = b2 | (b1 & 0xF0) << 4. */
    private int next212() throws IOException {
        int v;
        if (pending212 >= 0) {
            v = pending212;
            pending212 = -1;
        } else {
            int b0 = in.u8();
            int b1 = in.u8();
            v = b0 | (b1 & 0x0F) << 8;
            pending212 = in.has(1) ? in.u8() | (b1 & 0xF0) << 4 : -1;
        }
        return v >= 2048 ? v - 4096 : v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
