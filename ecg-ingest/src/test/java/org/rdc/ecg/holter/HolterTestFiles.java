package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.TestData;

/** Single-file Holter recordings for tests outside this package (an upload carries one file, never a WFDB record's three). */
public final class HolterTestFiles {

    private HolterTestFiles() {
    }

    /** A synthetic recording ({@link SyntheticHolter}) streamed into an ISHNE 1.0 file, as {@code bench/holter.sh} makes it. */
    public static Path syntheticIshne(Path file, double hours, int leads, int sampleRate) throws Exception {
        HolterDayBench.writeIshne(new SyntheticHolter(hours, leads, sampleRate, 14), file);
        return file;
    }

    /**
     * As {@link #syntheticIshne}, with the first {@code hours} of {@link SyntheticHolter#CLINICAL_EVENTS} injected
     * (AF from 600 s, a 4.5 s VT run at 1200 s, a 3.2 s pause at 1800 s, ...): a recording with critical findings.
     */
    public static Path syntheticIshneWithClinicalEvents(Path file, double hours, int sampleRate) throws Exception {
        List<SyntheticHolter.Event> events = SyntheticHolter.CLINICAL_EVENTS.stream().filter(e -> e.end() < hours * 3600).toList();
        HolterDayBench.writeIshne(new SyntheticHolter(hours, 3, sampleRate, 14, events), file);
        return file;
    }

    /**
     * A synthetic recording ({@link SyntheticHolter}, leads II, V1, V5 at 2.5 uV per unit) as a DICOM Ambulatory ECG
     * object of study {@code studyUid} (SOP Instance UID {@code <study>.1.1}), explicit VR little endian.
     */
    public static Path ambulatoryDicom(Path file, String studyUid, double hours, int sampleRate) throws Exception {
        try (HolterRecording rec = new SyntheticHolter(hours, 3, sampleRate, 14)) {
            short[][] samples = new short[3][(int) rec.header().frames()];
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                for (int l = 0; l < 3; l++) {
                    for (int k = 0; k < block.frames(); k++) {
                        samples[l][(int) block.firstFrame() + k] = (short) Math.max(Short.MIN_VALUE,
                                Math.min(Short.MAX_VALUE, Math.round(block.lead(l)[k] / 2.5)));
                    }
                }
            }
            new AmbulatoryEcgWriter(sampleRate).channel(new AmbulatoryEcgWriter.Channel(2, "II", 2.5, "uV", 0))
                    .channel(new AmbulatoryEcgWriter.Channel(3, "V1", 2.5, "uV", 0))
                    .channel(new AmbulatoryEcgWriter.Channel(7, "V5", 2.5, "uV", 0))
                    .segment(samples).write(file, studyUid, org.rdc.dicom.encoding.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            return file;
        }
    }

    /** MIT-BIH record 100 (both leads, all 30 min in whole seconds) rewritten as EDF+ at 0.1 uV per digit. */
    public static Path mitdb100AsEdf(Path file) throws IOException, EcgFormatException {
        try (HolterRecording rec = HolterReader.open(TestData.path("ecg/mitdb/100.hea"))) {
            int fs = (int) rec.header().sampleRate();
            int leads = rec.header().leads().size();
            short[][] samples = new short[leads][(int) rec.header().frames()];
            SampleBlock block = rec.newBlock();
            while (rec.read(block)) {
                for (int l = 0; l < leads; l++) {
                    for (int k = 0; k < block.frames(); k++) {
                        double digits = Math.round(block.lead(l)[k] * 10);
                        samples[l][(int) block.firstFrame() + k] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, digits));
                    }
                }
            }
            String[] labels = rec.header().leads().stream().map(HolterLead::name).toArray(String[]::new);
            EdfPlusWriter.write(file, labels, fs, samples, List.of());
            return file;
        }
    }
}
