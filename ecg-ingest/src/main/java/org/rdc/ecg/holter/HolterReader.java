package org.rdc.ecg.holter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.format.scp.ScpLongTermFile;
import org.rdc.ecg.model.SourceFormat;

/**
 * The one entry point for long-term (Holter) recordings, as {@link org.rdc.ecg.format.EcgReader} is
 * for resting ECGs: the format is recognised from the file's content (never its name) and the
 * recording is opened for streaming. An SCP-ECG record is a Holter recording when it has section 12
 * (long-term rhythm data), a DICOM object when its SOP class is Ambulatory ECG Waveform Storage. WFDB records are opened through their header file; their
 * signal file and reference annotations ({@code <record>.atr}) are found beside it.
 */
public final class HolterReader {

    /** Analysis keeps a window of every lead in memory: these bounds keep it within a few tens of MB. */
    static final double MAX_SAMPLE_RATE = 10_000;
    static final int MAX_LEADS = 64;
    /** A WFDB header is a few lines; a larger text file is not one. */
    private static final int MAX_WFDB_HEADER = 64 * 1024;
    private static final int PREFIX = 256;

    private HolterReader() {
    }

    /** Which Holter format the content is, from its first bytes. */
    public static Optional<SourceFormat> detect(Path file) throws IOException {
        byte[] prefix = prefix(file);
        String magic = new String(prefix, 0, Math.min(8, prefix.length), StandardCharsets.US_ASCII);
        if (magic.equals(IshneHeader.ECG_MAGIC)) {
            return Optional.of(SourceFormat.ISHNE_HOLTER);
        }
        if (EdfHeader.looksLike(prefix)) {
            String reserved = new String(prefix, 192, 5, StandardCharsets.US_ASCII);
            return Optional.of(reserved.startsWith("EDF+") ? SourceFormat.EDF_PLUS : SourceFormat.EDF);
        }
        if (DicomWaveformDecoder.isPart10(prefix) && DicomAmbulatoryRecording.isAmbulatoryEcg(file)) {
            return Optional.of(SourceFormat.DICOM_WAVEFORM);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ScpLongTermFile.hasLongTermRhythm(channel)) {
                return Optional.of(SourceFormat.SCP_ECG);
            }
        }
        if (isText(prefix) && Files.size(file) <= MAX_WFDB_HEADER && WfdbHeader.looksLike(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            return Optional.of(SourceFormat.WFDB);
        }
        return Optional.empty();
    }

    public static HolterRecording open(Path file) throws IOException, EcgFormatException {
        return open(file, null);
    }

    /**
     * Opens a recording with an annotation file given explicitly: an ISHNE {@code .ann}, or a WFDB
     * annotation file other than {@code <record>.atr}. EDF+ carries its annotations inside.
     */
    public static HolterRecording open(Path file, Path annotations) throws IOException, EcgFormatException {
        SourceFormat format = detect(file).orElseThrow(() -> new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED,
                "not a Holter recording (ISHNE 1.0, EDF/EDF+, SCP-ECG v3 with section 12, "
                + "DICOM Ambulatory ECG or a WFDB header): " + file.getFileName()));
        HolterRecording recording = switch (format) {
            case ISHNE_HOLTER -> IshneRecording.open(file, annotations);
            case EDF, EDF_PLUS -> EdfRecording.open(file);
            case SCP_ECG -> ScpLongTermRecording.open(file);
            case DICOM_WAVEFORM -> DicomAmbulatoryRecording.open(file);
            case WFDB -> WfdbRecording.open(file, Files.readString(file, StandardCharsets.ISO_8859_1), annotations);
            default -> throw new IllegalStateException("detect() returned " + format);
        };
        return checked(recording, format);
    }

    /**
     * Opens a stored recording whose format is known already (its analysis names it) from {@code channel}, which the
     * recording closes, without its annotations (the analysis' beats are what a review shows): for reading windows
     * of it with {@link HolterRecording#seek}. WFDB is several files and is never stored as one.
     */
    public static HolterRecording open(SourceFormat format, FileChannel channel) throws IOException, EcgFormatException {
        HolterRecording recording;
        try {
            recording = switch (format) {
                case ISHNE_HOLTER -> IshneRecording.open(channel, java.util.List.of());
                case EDF, EDF_PLUS -> EdfRecording.open(channel, false);
                case SCP_ECG -> ScpLongTermRecording.open(channel);
                case DICOM_WAVEFORM -> DicomAmbulatoryRecording.open(channel);
                default -> throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, format.displayName()
                        + " is not a single-file Holter recording");
            };
        } catch (EcgFormatException | IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return checked(recording, format);
    }

    private static HolterRecording checked(HolterRecording recording, SourceFormat format) throws IOException, EcgFormatException {
        HolterHeader h = recording.header();
        if (!(h.sampleRate() > 0 && h.sampleRate() <= MAX_SAMPLE_RATE) || h.leads().size() > MAX_LEADS) {
            recording.close();
            throw new EcgFormatException(format.displayName() + ": " + h.leads().size() + " leads at " + h.sampleRate()
                    + " Hz is outside 1-" + MAX_LEADS + " leads at up to " + (int) MAX_SAMPLE_RATE + " Hz");
        }
        return recording;
    }

    private static byte[] prefix(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PREFIX);
        }
    }

    private static boolean isText(byte[] prefix) {
        for (byte b : prefix) {
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return prefix.length > 0;
    }
}
