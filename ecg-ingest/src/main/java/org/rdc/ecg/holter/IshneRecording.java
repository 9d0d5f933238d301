package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.SourceFormat;

/**
 * An ISHNE 1.0 ECG file streamed from its ECG block: 16-bit little-endian samples, lead by lead
 * within each frame, each lead's unit its resolution in nanovolts (1998 paper, "ECG data block").
 */
final class IshneRecording implements HolterRecording {

    private final HolterHeader header;
    private final List<HolterAnnotation> annotations;
    private final LittleEndianInput in;
    private final long dataOffset;
    private long frame;

    private IshneRecording(HolterHeader header, List<HolterAnnotation> annotations, LittleEndianInput in, long dataOffset) {
        this.header = header;
        this.annotations = annotations;
        this.in = in;
        this.dataOffset = dataOffset;
    }

    static IshneRecording open(Path file, Path annotationFile) throws IOException, EcgFormatException {
        List<HolterAnnotation> annotations = annotationFile != null && Files.isRegularFile(annotationFile)
                ? IshneAnnotations.read(annotationFile) : List.of();
        return open(FileChannel.open(file, StandardOpenOption.READ), annotations);
    }

    /** Reads from {@code channel}, which the recording closes. */
    static IshneRecording open(FileChannel channel, List<HolterAnnotation> annotations) throws IOException, EcgFormatException {
        try {
            IshneHeader h = IshneHeader.read(channel, IshneHeader.ECG_MAGIC);
            List<String> names = h.leadNames();
            List<HolterLead> leads = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (h.resolutionNanovolts()[i] <= 0) {
                    throw new EcgFormatException("ISHNE: lead " + (i + 1) + " resolution " + h.resolutionNanovolts()[i] + " nV is not positive");
                }
                leads.add(new HolterLead(names.get(i), "nV", h.resolutionNanovolts()[i] / 1000.0, 0));
            }
            long available = (channel.size() - h.dataOffset()) / (2L * leads.size());
            long frames = h.samplesPerLead() > 0 ? Math.min(h.samplesPerLead(), available) : available;
            HolterHeader header = new HolterHeader(SourceFormat.ISHNE_HOLTER, h.sampleRate(), leads, frames, h.start(), h.patientId());
            return new IshneRecording(header, annotations, new LittleEndianInput(channel, h.dataOffset()), h.dataOffset());
        } catch (IOException | EcgFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        return annotations;
    }

    /** Frames are fixed-size (2 bytes per lead) from the ECG block's offset on. */
    @Override
    public void seek(long frame) {
        this.frame = Math.max(0, Math.min(frame, header.frames()));
        in.seek(dataOffset + this.frame * 2L * header.leads().size());
    }

    @Override
    public boolean read(SampleBlock block) throws IOException {
        int leads = header.leads().size();
        int want = (int) Math.min(block.capacity(), header.frames() - frame);
        int got = 0;
        while (got < want && in.has(2 * leads)) {
            for (int s = 0; s < leads; s++) {
                block.lead(s)[got] = header.leads().get(s).microvolts(in.s16());
            }
            got++;
        }
        block.fill(frame, got);
        frame += got;
        return got > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
