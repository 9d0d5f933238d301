package org.rdc.ecg.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.synthetic.SyntheticEcg;

/** Every critical flag on synthetic ECGs, present when it should be and absent when not. */
class CriticalFlagsTest {

    private final EcgAnalyzer analyzer = new EcgAnalyzer();

    private List<String> flags(SyntheticEcg ecg) {
        return analyzer.analyze(ecg.build(), AnalysisSettings.defaults()).criticalFlags().stream()
                .map(CriticalFlag::code).toList();
    }

    @Test
    void normalEcgMeasuresItsKnownIntervalsAndRaisesNothing() {
        EcgAnalysis a = analyzer.analyze(SyntheticEcg.normal().noise(8, 100, 0).build(), AnalysisSettings.defaults());
        assertThat(a.criticalFlags()).isEmpty();
        assertThat(a.rhythm()).isEqualTo(Rhythm.SINUS_RHYTHM);
        assertThat(a.heartRateBpm()).isCloseTo(70, within(1.0));
        assertThat(a.prMs()).isCloseTo(160, within(10.0));
        assertThat(a.qrsMs()).isCloseTo(90, within(10.0));
        assertThat(a.qtMs()).isCloseTo(380, within(25.0));
        assertThat(a.qrsAxisDeg()).isCloseTo(60, within(10.0));
        assertThat(a.tAxisDeg()).isCloseTo(45, within(10.0));
        assertThat(a.pAxisDeg()).isCloseTo(50, within(10.0));
        assertThat(a.qtcBazettMs()).isCloseTo(380 / Math.sqrt(60.0 / 70), within(15.0));
        assertThat(a.qtcFridericiaMs()).isCloseTo(380 / Math.cbrt(60.0 / 70), within(15.0));
    }

    @Test
    void pause() {
        assertThat(flags(SyntheticEcg.normal().qrsAt(List.of(0.5, 1.3, 2.1, 5.5, 6.3, 7.1, 7.9, 8.7)))).contains("PAUSE");
        EcgAnalysis shorter = analyzer.analyze(SyntheticEcg.normal()
                .qrsAt(List.of(0.5, 1.3, 2.1, 4.6, 5.4, 6.2, 7.0, 7.8, 8.6)).build(), AnalysisSettings.defaults());
        assertThat(shorter.criticalFlags()).isEmpty();
        assertThat(shorter.statements()).extracting(Statement::code).contains("PAUSE");
    }

    @Test
    void extremeBradycardia() {
        assertThat(flags(SyntheticEcg.normal().rate(35).seconds(12))).contains("EXTREME_BRADYCARDIA");
        assertThat(flags(SyntheticEcg.normal().rate(45).seconds(12))).doesNotContain("EXTREME_BRADYCARDIA");
    }

    @Test
    void extremeTachycardia() {
        assertThat(flags(SyntheticEcg.normal().rate(165).intervals(120, 80, 260))).containsExactly("EXTREME_TACHYCARDIA");
        assertThat(flags(SyntheticEcg.normal().rate(140).intervals(120, 80, 270))).isEmpty();
    }

    @Test
    void criticalQtc() {
        assertThat(flags(SyntheticEcg.normal().rate(60).intervals(160, 90, 590))).containsExactly("QTC_PROLONGED");
        assertThat(flags(SyntheticEcg.normal().rate(60).intervals(160, 90, 480))).isEmpty();
    }

    @Test
    void suspectedStemiNeedsTwoContiguousLeads() {
        assertThat(flags(SyntheticEcg.normal().st("II", 200).st("III", 200).st("aVF", 200))).contains("SUSPECTED_STEMI");
        assertThat(flags(SyntheticEcg.normal().st("III", 250))).doesNotContain("SUSPECTED_STEMI");
        assertThat(flags(SyntheticEcg.normal().st("V1", 150).st("V5", 150))).doesNotContain("SUSPECTED_STEMI");
    }

    @Test
    void stemiThresholdsInV2V3DependOnSexAndAge() {
        // 180 uV in V2-V3: over the 150 uV threshold for women, under 200 uV for men >= 40.
        assertThat(flags(SyntheticEcg.normal().st("V2", 180).st("V3", 180).patient(Sex.FEMALE, 60))).contains("SUSPECTED_STEMI");
        assertThat(flags(SyntheticEcg.normal().st("V2", 180).st("V3", 180).patient(Sex.MALE, 60))).isEmpty();
        // 220 uV: over 200 for men >= 40, under 250 for men < 40.
        assertThat(flags(SyntheticEcg.normal().st("V2", 220).st("V3", 220).patient(Sex.MALE, 45))).contains("SUSPECTED_STEMI");
        assertThat(flags(SyntheticEcg.normal().st("V2", 220).st("V3", 220).patient(Sex.MALE, 35))).isEmpty();
    }

    @Test
    void irregularRhythmWithoutPWavesSuggestsAtrialFibrillation() {
        List<Double> t = new ArrayList<>();
        double[] rr = {0.62, 0.91, 0.55, 0.78, 1.02, 0.6, 0.83, 0.7, 0.97, 0.58, 0.74, 0.88};
        double x = 0.4;
        for (double r : rr) {
            t.add(x);
            x += r;
        }
        EcgAnalysis a = analyzer.analyze(SyntheticEcg.normal().withoutPWaves().qrsAt(t).noise(5, 0, 0).build(),
                AnalysisSettings.defaults());
        assertThat(a.rhythm()).isEqualTo(Rhythm.IRREGULAR_SUSPECT_AF);
        assertThat(a.prMs()).isNull();
        assertThat(a.statements().get(0).zh()).contains("心房颤动");
    }

    @Test
    void mainsInterferenceIsNotchedOnlyWhenPresent() {
        EcgAnalysis humming = analyzer.analyze(SyntheticEcg.normal().noise(5, 0, 150).build(), AnalysisSettings.defaults());
        assertThat(humming.filtersApplied().notchHz()).isEqualTo(50.0);
        assertThat(humming.qrsMs()).isCloseTo(90, within(10.0));
        EcgAnalysis clean = analyzer.analyze(SyntheticEcg.normal().noise(5, 0, 0).build(), AnalysisSettings.defaults());
        assertThat(clean.filtersApplied().notchHz()).isNull();
        assertThat(clean.filtersApplied().highPassHz()).isEqualTo(0.5);
    }
}
