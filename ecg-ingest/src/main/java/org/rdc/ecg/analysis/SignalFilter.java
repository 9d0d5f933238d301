package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;

/** Applies the analysis filters of {@link AnalysisSettings} to every lead (zero phase). */
public final class SignalFilter {

    private SignalFilter() {
    }

    public static WaveformSet apply(WaveformSet in, AnalysisSettings s) {
        double fs = in.sampleRateHz();
        List<Biquad> chain = new ArrayList<>();
        if (s.highPassHz() != null && s.highPassHz() > 0) {
            chain.add(Biquad.highPass(s.highPassHz(), fs));
        }
        if (s.notchHz() != null && s.notchHz() > 0 && s.notchHz() < fs / 2) {
            chain.add(Biquad.notch(s.notchHz(), 10, fs));
        }
        if (s.lowPassHz() != null && s.lowPassHz() > 0 && s.lowPassHz() < fs / 2) {
            chain.add(Biquad.lowPass(s.lowPassHz(), fs));
        }
        int pad = (int) Math.round(fs * 2);
        List<Lead> out = new ArrayList<>();
        for (Lead l : in.leads()) {
            out.add(new Lead(l.name(), ZeroPhase.filter(l.samplesUv(), chain, pad)));
        }
        return new WaveformSet(fs, out);
    }
}
