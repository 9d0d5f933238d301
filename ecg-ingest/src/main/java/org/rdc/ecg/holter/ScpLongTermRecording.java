package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.scp.Crc16Ccitt;
import org.rdc.ecg.format.scp.ScpLongTermFile;
import org.rdc.ecg.format.scp.ScpLongTermRhythm;
import org.rdc.ecg.model.SourceFormat;

/**
 * An SCP-ECG v3 record streamed from section 12 (long-term rhythm data, {@link ScpLongTermRhythm}):
 * frames are read straight from the file. Section 12's CRC is carried over the bytes as they pass
 * and checked when the last frame has been read, so a corrupt day ends in an error, not in silence.
 */
final class ScpLongTermRecording implements HolterRecording {

    private final HolterHeader header;
    private final ScpLongTermFile file;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long frame;
    private int crc;
    private boolean checked = true;

    private ScpLongTermRecording(HolterHeader header, ScpLongTermFile file, FileChannel channel) {
        this.header = header;
        this.file = file;
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(4096 * file.rhythm().frameBytes());
        this.crc = file.crcBeforeSamples();
    }

    static ScpLongTermRecording open(Path path) throws IOException, EcgFormatException {
        return open(FileChannel.open(path, StandardOpenOption.READ));
    }

    /** Reads from {@code channel}, which the recording closes. */
    static ScpLongTermRecording open(FileChannel channel) throws IOException, EcgFormatException {
        try {
            ScpLongTermFile f = ScpLongTermFile.open(channel);
            ScpLongTermRhythm r = f.rhythm();
            List<HolterLead> leads = r.leads().stream()
                    .map(l -> new HolterLead(l.name(), "nV", l.nanovoltsPerUnit() / 1000.0, 0)).toList();
            HolterHeader header = new HolterHeader(SourceFormat.SCP_ECG, r.sampleRateHz(), leads, r.samplesPerLead(),
                    r.start() != null ? r.start() : f.acquisitionTime(), f.patientId());
            return new ScpLongTermRecording(header, f, channel);
        } catch (IOException | EcgFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    /** Section 12 carries samples only; beat annotations would be in sections 13 to 18, not read. */
    @Override
    public List<HolterAnnotation> annotations() {
        return List.of();
    }

    /** Section 12 frames have a fixed size (ScpLongTermRhythm#frameBytes); the CRC can no longer be checked. */
    @Override
    public void seek(long frame) {
        this.frame = Math.max(0, Math.min(frame, header.frames()));
        this.checked = false;
    }

    @Override
    public boolean read(SampleBlock block) throws IOException {
        ScpLongTermRhythm r = file.rhythm();
        int frameBytes = r.frameBytes();
        int want = (int) Math.min(Math.min(block.capacity(), buffer.capacity() / frameBytes), header.frames() - frame);
        if (want <= 0) {
            block.fill(frame, 0);
            return false;
        }
        long position = file.samplesPosition() + frame * frameBytes;
        buffer.clear().limit(want * frameBytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) <= 0) {
                throw new IOException("SCP-ECG section 12 ends at frame " + (frame + buffer.position() / frameBytes)
                        + " of " + header.frames() + ": the file is truncated");
            }
        }
        byte[] b = buffer.array();
        crc = Crc16Ccitt.update(crc, b, 0, want * frameBytes);
        for (int f = 0; f < want; f++) {
            for (int l = 0; l < header.leads().size(); l++) {
                block.lead(l)[f] = header.leads().get(l).microvolts(r.sample(b, f * frameBytes + l * r.bytesPerSample()));
            }
        }
        block.fill(frame, want);
        frame += want;
        if (checked && frame == header.frames()) {
            checkCrc(position + (long) want * frameBytes);
        }
        return true;
    }

    /** Continues the CRC over what follows the samples up to the section's end, then compares. */
    private void checkCrc(long from) throws IOException {
        for (long at = from; at < file.sectionEnd(); ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), file.sectionEnd() - at));
            int n = channel.read(buffer, at);
            if (n <= 0) {
                throw new IOException("SCP-ECG section 12 is cut short by the end of the file at byte " + at);
            }
            crc = Crc16Ccitt.update(crc, buffer.array(), 0, n);
            at += n;
        }
        if (crc != file.storedCrc()) {
            throw new IOException(String.format("SCP-ECG section 12 CRC mismatch: stored 0x%04x, computed 0x%04x over the "
                    + "%d frames read: the recording is corrupt", file.storedCrc(), crc, header.frames()));
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
