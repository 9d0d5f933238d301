package org.rdc.reports.pdf;

import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.render.Layout;
import org.rdc.test.Requires;

/**
 * A real resting ECG (ecgtoolkit's SCP-ECG example) drawn by ecg-ingest's renderer, as the ECG
 * report prints it. The recording is relabelled with the sample report's patient and time, so the
 * page does not show a second person's name.
 */
final class EcgSample {

    record Ecg(byte[] png, EcgAnalysis analysis) {
    }

    private EcgSample() {
    }

    static Ecg render(int dpi) throws Exception {
        byte[] scp = Files.readAllBytes(Requires.testdata("ecg/ecgtoolkit/Example.scp"));
        EcgRecord source = EcgReader.standard().read(scp);
        Acquisition a = source.acquisition();
        EcgRecord record = new EcgRecord(source.format(), source.formatVersion(),
                new Patient("SQ20261203052", "赵德胜", Sex.MALE, LocalDate.of(1955, 2, 17), 71),
                new Acquisition(LocalDateTime.of(2026, 12, 3, 8, 47), a.manufacturer(), a.model(), a.institution(), a.deviceFilters()),
                source.rhythm(), source.medianBeats(), source.deviceMeasurements(), source.deviceStatements(), source.source());
        EcgAnalysis analysis = new EcgAnalyzer().analyze(record, AnalysisSettings.defaults());
        byte[] png = new EcgRenderer(Requires.font(ReportFont.DEFAULT_PATH))
                .render(record, analysis, Layout.THREE_BY_FOUR_RHYTHM, 25, 10, dpi);
        return new Ecg(png, analysis);
    }
}
