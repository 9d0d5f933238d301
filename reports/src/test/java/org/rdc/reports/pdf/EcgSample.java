package org.rdc.reports.pdf;

import java.nio.file.Files;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.render.EcgRenderer;
import org.rdc.ecg.render.Layout;
import org.rdc.test.Requires;

/** A real resting ECG (ecgtoolkit's SCP-ECG example) drawn by ecg-ingest's renderer, as the ECG report prints it. */
final class EcgSample {

    private EcgSample() {
    }

    static byte[] png(int dpi) throws Exception {
        byte[] scp = Files.readAllBytes(Requires.testdata("ecg/ecgtoolkit/Example.scp"));
        EcgRecord record = EcgReader.standard().read(scp);
        EcgAnalysis analysis = new EcgAnalyzer().analyze(record, AnalysisSettings.defaults());
        return new EcgRenderer(Requires.font(ReportFont.DEFAULT_PATH))
                .render(record, analysis, Layout.THREE_BY_FOUR_RHYTHM, 25, 10, dpi);
    }
}
