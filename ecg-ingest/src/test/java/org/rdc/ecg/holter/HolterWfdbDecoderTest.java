package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.TestData;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.wfdb.WfdbRecord;

/** MIT-BIH record 100 (30 min, 360 Hz, 2 leads, format 212) streamed, checked against two other readers. */
class HolterWfdbDecoderTest {

    @Test
    void record100StreamsAllSamplesEqualToTheWholeFileReader() throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        WfdbRecord whole = WfdbRecord.read(header);
        try (HolterRecording rec = HolterReader.open(header)) {
            HolterHeader h = rec.header();
            assertThat(h.format()).isEqualTo(SourceFormat.WFDB);
            assertThat(h.sampleRate()).isEqualTo(360);
            assertThat(h.frames()).isEqualTo(650_000);
            assertThat(h.leads()).extracting(HolterLead::name).containsExactly("MLII", "V5");
            assertThat(h.leads().get(0).microvoltsPerUnit()).isEqualTo(5.0);
            SampleBlock block = rec.newBlock();
            long frames = 0;
            int blocks = 0;
            while (rec.read(block)) {
                assertThat(block.firstFrame()).isEqualTo(frames);
                for (int lead = 0; lead < 2; lead++) {
                    double[] expected = whole.signals.get(lead).microvolts();
                    for (int i = 0; i < block.frames(); i++) {
                        if (Math.abs(block.lead(lead)[i] - expected[(int) frames + i]) > 1e-9) {
                            throw new AssertionError("lead " + lead + " frame " + (frames + i) + ": " + block.lead(lead)[i]
                                    + " uV, whole-file reader " + expected[(int) frames + i]);
                        }
                    }
                }
                frames += block.frames();
                blocks++;
            }
            assertThat(frames).isEqualTo(650_000);
            assertThat(blocks).isGreaterThan(100);
            // first sample of MLII: 995 ADC units, baseline 1024, 200 units/mV
            assertThat(whole.signals.get(0).microvolts()[0]).isEqualTo(-145.0);
        }
    }

    @Test
    void record100AnnotationsMatchTheReferenceCountsAndBiosig(@TempDir Path dir) throws Exception {
        Path header = TestData.path("ecg/mitdb/100.hea");
        List<HolterAnnotation> ann;
        try (HolterRecording rec = HolterReader.open(header)) {
            ann = rec.annotations();
        }
        List<HolterAnnotation> beats = ann.stream().filter(HolterAnnotation::isBeat).toList();
        // MIT-BIH Arrhythmia Database directory, record 100: 2239 N, 33 A, 1 V
        assertThat(beats).hasSize(2273);
        assertThat(beats.stream().filter(a -> a.code().equals("A"))).hasSize(33);
        assertThat(beats.stream().filter(a -> a.code().equals("V"))).hasSize(1);
        assertThat(beats.stream().filter(a -> a.beatClass().orElseThrow() == BeatClass.VENTRICULAR)).hasSize(1);
        assertThat(ann.get(0).code()).isEqualTo("+");
        assertThat(ann.get(0).text()).isEqualTo("(N");
        assertThat(beats).extracting(HolterAnnotation::frame)
                .containsExactlyElementsOf(WfdbRecord.beats(header.resolveSibling("100.atr")).stream().map(WfdbRecord.Annotation::sample).toList());

        // biosig reads the same annotation file independently (it needs the header without the leading comment line)
        Path copy = copyRecord100WithoutComments(dir);
        List<Biosig.Event> events = Biosig.events(copy);
        assertThat(events).hasSize(ann.size());
        // rdann prints 18 "+" and 77 "N" for the first two; biosig reports every WFDB annotation one sample earlier
        assertThat(ann.get(1).frame()).isEqualTo(77);
        for (int i = 0; i < ann.size(); i++) {
            assertThat(Math.round(events.get(i).seconds() * 360)).as("annotation %d", i).isEqualTo(ann.get(i).frame() - 1);
            assertThat(events.get(i).type()).as("annotation %d type", i).isEqualTo(ann.get(i).code().equals("+") ? 28
                    : ann.get(i).code().equals("A") ? 8 : ann.get(i).code().equals("V") ? 5 : 1);
        }
        assertThat(events.stream().filter(e -> e.type() == 5)).hasSize(1);
        assertThat(events.stream().filter(e -> e.type() == 8)).hasSize(33);
    }

    /**
     * The shared 100.hea starts with a comment line and has a blank line between the signal lines, both
     * legal in header(5); biosig 3 rejects such a header silently, so it gets a copy with neither.
     */
    static Path copyRecord100WithoutComments(Path dir) throws Exception {
        Path src = TestData.path("ecg/mitdb/100.hea");
        List<String> lines = Files.readAllLines(src).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        Path hea = dir.resolve("100.hea");
        Files.write(hea, lines);
        Files.copy(src.resolveSibling("100.dat"), dir.resolve("100.dat"));
        Files.copy(src.resolveSibling("100.atr"), dir.resolve("100.atr"));
        return hea;
    }

    @Test
    void biosigReadsTheSameSamplesThroughItsEdfConversion(@TempDir Path dir) throws Exception {
        Path hea = copyRecord100WithoutComments(dir);
        Path edf = dir.resolve("100.edf");
        Biosig.convert("EDF", hea, edf);
        try (HolterRecording wfdb = HolterReader.open(hea); HolterRecording converted = HolterReader.open(edf)) {
            assertThat(converted.header().format()).isIn(SourceFormat.EDF, SourceFormat.EDF_PLUS);
            assertThat(converted.header().frames()).isEqualTo(650_000);
            assertThat(converted.header().leads()).extracting(HolterLead::name).containsExactly("MLII", "V5");
            // biosig writes 1 sample per data record of "0.0027782" s: the 8-character field costs 0.01 % of the rate
            assertThat(converted.header().sampleRate()).isCloseTo(360, within(0.06));
            SampleBlock a = wfdb.newBlock();
            SampleBlock b = converted.newBlock();
            double worst = 0;
            long compared = 0;
            while (wfdb.read(a)) {
                assertThat(converted.read(b)).isTrue();
                assertThat(b.firstFrame()).isEqualTo(a.firstFrame());
                assertThat(b.frames()).isEqualTo(a.frames());
                for (int lead = 0; lead < 2; lead++) {
                    for (int i = 0; i < a.frames(); i++) {
                        worst = Math.max(worst, Math.abs(a.lead(lead)[i] - b.lead(lead)[i]));
                    }
                }
                compared += a.frames();
            }
            assertThat(converted.read(b)).isFalse();
            assertThat(compared).isEqualTo(650_000);
            // EDF keeps biosig's 16-bit rescaling of the 5 uV steps: well under one WFDB step apart
            assertThat(worst).isLessThan(0.1);
        }
    }
}
