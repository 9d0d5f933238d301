package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.ecg.json.HolterJson;
import org.rdc.ecg.holter.SyntheticHolter.Event;
import org.rdc.ecg.holter.SyntheticHolter.Kind;

class HolterEpisodesSyntheticTest {

    static final List<Event> EVENTS = List.of(
            new Event(Kind.AF, 600, 300, 0),
            new Event(Kind.VT, 1200, 4.5, 160),
            new Event(Kind.SVT, 1500, 6, 150),
            new Event(Kind.PAUSE, 1800, 3.2, 0),
            new Event(Kind.ST, 2100, 180, -150),
            new Event(Kind.MUSCLE_NOISE, 2500, 60, 0),
            new Event(Kind.ALL_LEADS_OFF, 2700, 45, 0),
            new Event(Kind.ONE_LEAD_OFF, 2900, 120, 0),
            new Event(Kind.SATURATION, 3200, 40, 0),
            new Event(Kind.VT, 3500, 40, 150),
            new Event(Kind.ESCAPE, 3800, 90, 38),
            new Event(Kind.BRADYCARDIA, 4200, 60, 32),
            new Event(Kind.SVT, 4500, 40, 190),
            new Event(Kind.AF, 5000, 600, 0),
            new Event(Kind.ST, 6000, 120, 150));

    @Test
    void explore() throws Exception {
        SyntheticHolter syn = new SyntheticHolter(2, 3, 256, 7, EVENTS);
        HolterAnalysis a = HolterAnalyzer.analyse(syn, HolterSettings.defaults(), List.of(new DiaryEntry(700, "palpitations")));
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/h4/syn.json"), HolterJson.analysis(a).toString());
    }
}
