package org.rdc.ecg.analysis;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.WaveformSet;

/**
 * Applies the analysis filters of {@link AnalysisSettings} to every lead (zero phase); the notch
 * only when {@link MainsInterference} finds mains in the recording. Returns what was applied.
 */
public final class SignalFilter {

    private SignalFilter() {
    }

    /** The filtered leads and the filters actually applied. */
    public record Result(WaveformSet filtered, FilterSettings applied) {
    }

    public static Result apply(WaveformSet in, AnalysisSettings s) {
        double fs = in.sampleRateHz();
        List<Biquad> chain = new ArrayList<>();
        if (s.highPassHz() != null && s.highPassHz() > 0) {
            chain.add(Biquad.highPass(s.highPassHz(), fs));
        }
        boolean notch = s.notchHz() != null && s.notchHz() > 0 && MainsInterference.present(in, s.notchHz());
        if (notch) {
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
        boolean lowPass = s.lowPassHz() != null && s.lowPassHz() > 0 && s.lowPassHz() < fs / 2;
        return new Result(new WaveformSet(fs, out), new FilterSettings(
                s.highPassHz() != null && s.highPassHz() > 0 ? s.highPassHz() : null,
                lowPass ? s.lowPassHz() : null, notch ? s.notchHz() : null));
    }
}
