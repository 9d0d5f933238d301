package org.rdc.ecg.holter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.BulkData;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.format.dicom.WaveformChannel;
import org.rdc.ecg.format.dicom.WaveformGroupHeader;
import org.rdc.ecg.format.dicom.WaveformTags;
import org.rdc.ecg.model.SourceFormat;

/**
 * A DICOM Ambulatory ECG Waveform Storage object (PS3.3 A.34.4) streamed from its Waveform Data:
 * the data set is parsed with dicom-core leaving every Waveform Data (5400,1010) in the file as bulk
 * data (offset and length), then each multiplex group's samples, interleaved channel by channel
 * (PS3.3 C.10.9.1), are read from the file block by block. The IOD's sample interpretations are SB
 * and SS (A.34.4.4); the multiplex groups of one recording are consecutive segments of the same
 * leads at one rate, each starting where the previous ends. Channels that are not voltages are read
 * past. Waveform annotations are not read (beat labels there are device-specific).
 */
final class DicomAmbulatoryRecording implements HolterRecording {

    private static final String WHAT = "DICOM Ambulatory ECG";

    /** One multiplex group: where its samples are, which channels are leads and their scales in this group. */
    private record Segment(int group, long offset, long frames, int channels, int bytesPerSample, int[] leadChannels,
                           List<HolterLead> leads) {
        int frameBytes() {
            return channels * bytesPerSample;
        }
    }

    private final HolterHeader header;
    private final List<Segment> segments;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private int segment;
    private long frameInSegment;
    private long frame;

    private DicomAmbulatoryRecording(HolterHeader header, List<Segment> segments, FileChannel channel, ByteOrder order) {
        this.header = header;
        this.segments = segments;
        this.channel = channel;
        int widest = segments.stream().mapToInt(Segment::frameBytes).max().orElse(1);
        this.buffer = ByteBuffer.allocate(4096 * widest).order(order);
    }

    /** Whether the file is a DICOM object of the Ambulatory ECG Waveform Storage SOP class, from its first elements. */
    static boolean isAmbulatoryEcg(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DicomFile f = new Part10Reader(new DataSetReader().withoutBulkData().stopBefore(Tag.SOPClassUID + 1)).read(in, Files.size(file));
            String sopClass = f.dataSet().getString(Tag.SOPClassUID);
            if (sopClass == null && f.meta() != null) {
                sopClass = f.meta().getString(Tag.MediaStorageSOPClassUID);
            }
            return sopClass != null && sopClass.trim().equals(DicomWaveformDecoder.AMBULATORY_ECG);
        } catch (IOException | RuntimeException e) {
            return false; // not parseable as DICOM: not this format
        }
    }

    static DicomAmbulatoryRecording open(Path file) throws IOException, EcgFormatException {
        return open(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Reads from {@code channel}, which the recording closes. */
    static DicomAmbulatoryRecording open(FileChannel channel) throws IOException, EcgFormatException {
        try {
            return open(channel, read(channel));
        } catch (EcgFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static DicomFile read(FileChannel channel) throws EcgFormatException {
        try {
            InputStream in = java.nio.channels.Channels.newInputStream(channel.position(0));
            return new Part10Reader(new DataSetReader().withoutBulkData()).read(in, channel.size());
        } catch (IOException | RuntimeException e) {
            throw new EcgFormatException(WHAT + " file cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static DicomAmbulatoryRecording open(FileChannel channel, DicomFile f) throws EcgFormatException {
        if (f.transferSyntax().deflated() || f.transferSyntax().encapsulated()) {
            throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, WHAT + " in " + f.transferSyntax().name()
                    + ": only native (uncompressed, not deflated) transfer syntaxes leave Waveform Data where it can be streamed");
        }
        DataSet ds = f.dataSet();
        Sequence seq = ds.getSequence(Tag.WaveformSequence);
        if (seq == null || seq.isEmpty()) {
            throw new EcgFormatException(WHAT + ": no Waveform Sequence (5400,0100)");
        }
        List<Segment> segments = new ArrayList<>();
        List<HolterLead> leads = null;
        double rate = 0;
        double endMs = 0;
        for (int i = 0; i < seq.size(); i++) {
            DataSet item = seq.get(i);
            WaveformGroupHeader g = WaveformGroupHeader.read(item, WHAT, i + 1);
            String where = g.where();
            int channels = g.channels();
            long samples = g.samples();
            double groupRate = g.sampleRateHz();
            int bitsAllocated = g.bitsAllocated();
            String interpretation = g.interpretation();
            int bytesPerSample = switch (interpretation) {
                case "SB" -> 1;
                case "SS" -> 2;
                default -> throw new EcgFormatException(where + ": Waveform Sample Interpretation (5400,1006) \"" + interpretation
                        + "\"; the Ambulatory ECG IOD allows SB and SS (PS3.3 A.34.4.4)");
            };
            if (bitsAllocated != 8 * bytesPerSample) {
                throw new EcgFormatException(where + ": Waveform Bits Allocated (5400,1004) is " + bitsAllocated + " but "
                        + interpretation + " needs " + 8 * bytesPerSample);
            }
            List<String> skipped = new ArrayList<>();
            List<HolterLead> groupLeads = new ArrayList<>();
            List<Integer> leadChannels = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                Optional<WaveformChannel> ch = WaveformChannel.read(g.definitions().get(c), c + 1, bitsAllocated, where, skipped);
                if (ch.isPresent()) {
                    WaveformChannel w = ch.get();
                    groupLeads.add(new HolterLead(w.name(), "uV", w.microvoltsPerUnit(), w.baseline() * w.microvoltsPerUnit()));
                    leadChannels.add(c);
                }
            }
            if (groupLeads.isEmpty()) {
                throw new EcgFormatException(where + ": no channel is a voltage: " + skipped);
            }
            BulkData data = bulk(item.get(Tag.WaveformData), where);
            long needed = samples * channels * bytesPerSample;
            if (data.length() < needed) {
                throw new EcgFormatException(where + ": Waveform Data (5400,1010) holds " + data.length() + " bytes but "
                        + channels + " channels x " + samples + " samples x " + bytesPerSample + " bytes need " + needed);
            }
            double[] offset = item.getDoubles(WaveformTags.MultiplexGroupTimeOffset);
            double startMs = offset.length == 0 ? endMs : offset[0];
            if (leads == null) {
                leads = groupLeads;
                rate = groupRate;
            } else if (groupRate != rate || !groupLeads.stream().map(HolterLead::name).toList().equals(leads.stream().map(HolterLead::name).toList())) {
                throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, where + " (" + groupLeads.size() + " leads at "
                        + groupRate + " Hz) does not continue group 1 (" + leads.size() + " leads at " + rate
                        + " Hz): only consecutive segments of the same leads are read");
            } else if (Math.abs(startMs - endMs) >= 1000 / rate) {
                throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, where + " starts at " + startMs
                        + " ms but the previous segment ends at " + endMs + " ms: recordings with gaps are not read");
            }
            endMs = startMs + samples * 1000 / groupRate;
            segments.add(new Segment(i + 1, data.offset(), samples, channels, bytesPerSample,
                    leadChannels.stream().mapToInt(Integer::intValue).toArray(), groupLeads));
        }
        long frames = segments.stream().mapToLong(Segment::frames).sum();
        HolterHeader header = new HolterHeader(SourceFormat.DICOM_WAVEFORM, rate, leads, frames,
                DicomWaveformDecoder.acquisitionTime(ds), ds.getString(Tag.PatientID));
        ByteOrder order = f.transferSyntax().bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new DicomAmbulatoryRecording(header, segments, channel, order);
    }

    private static BulkData bulk(DataElement e, String where) throws EcgFormatException {
        if (e == null) {
            throw new EcgFormatException(where + ": no Waveform Data (5400,1010)");
        }
        if (!(e.value() instanceof BulkData b)) {
            throw new EcgFormatException(where + ": Waveform Data (5400,1010) is not a plain value in the file ("
                    + e.value().getClass().getSimpleName() + ")");
        }
        return b;
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        return List.of();
    }

    /** Each multiplex group's frames have a fixed size from its Waveform Data's offset (PS3.3 C.10.9.1). */
    @Override
    public void seek(long frame) {
        long left = Math.max(0, Math.min(frame, header.frames()));
        this.frame = left;
        segment = 0;
        while (segment < segments.size() - 1 && left >= segments.get(segment).frames()) {
            left -= segments.get(segment).frames();
            segment++;
        }
        frameInSegment = left;
    }

    @Override
    public boolean read(SampleBlock block) throws IOException {
        while (segment < segments.size() && frameInSegment == segments.get(segment).frames()) {
            segment++;
            frameInSegment = 0;
        }
        if (segment == segments.size()) {
            block.fill(frame, 0);
            return false;
        }
        Segment s = segments.get(segment);
        int want = (int) Math.min(Math.min(block.capacity(), buffer.capacity() / s.frameBytes()), s.frames() - frameInSegment);
        long position = s.offset() + frameInSegment * s.frameBytes();
        buffer.clear().limit(want * s.frameBytes());
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) <= 0) {
                throw new IOException(WHAT + " multiplex group " + s.group() + ": the file ends inside Waveform Data (5400,1010)");
            }
        }
        for (int f = 0; f < want; f++) {
            int frameAt = f * s.frameBytes();
            for (int l = 0; l < s.leadChannels().length; l++) {
                int at = frameAt + s.leadChannels()[l] * s.bytesPerSample();
                int raw = s.bytesPerSample() == 1 ? buffer.get(at) : buffer.getShort(at);
                block.lead(l)[f] = s.leads().get(l).microvolts(raw);
            }
        }
        block.fill(frame, want);
        frame += want;
        frameInSegment += want;
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
