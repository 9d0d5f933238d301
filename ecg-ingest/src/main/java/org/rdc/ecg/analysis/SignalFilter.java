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
        boolean notch = on(s.notchHz()) && MainsInterference.present(in, s.notchHz());
        return apply(in, new FilterSettings(s.highPassHz(), s.lowPassHz(), notch ? s.notchHz() : null));
    }

    /**
     * Exactly these filters (null or 0: off), zero phase, the notch without looking for mains first: what a reader
     * switches on or off in the viewer. A corner at or above half the sampling rate is not applied.
     */
    public static Result apply(WaveformSet in, FilterSettings f) {
        double fs = in.sampleRateHz();
        boolean highPass = on(f.highPassHz()) && f.highPassHz() < fs / 2;
        boolean notch = on(f.notchHz()) && f.notchHz() < fs / 2;
        boolean lowPass = on(f.lowPassHz()) && f.lowPassHz() < fs / 2;
        List<Biquad> chain = new ArrayList<>();
        if (highPass) {
            chain.add(Biquad.highPass(f.highPassHz(), fs));
        }
        if (notch) {
            chain.add(Biquad.notch(f.notchHz(), 10, fs));
        }
        if (lowPass) {
            chain.add(Biquad.lowPass(f.lowPassHz(), fs));
        }
        int pad = (int) Math.round(fs * 2);
        List<Lead> out = new ArrayList<>();
        for (Lead l : in.leads()) {
            out.add(new Lead(l.name(), ZeroPhase.filter(l.samplesUv(), chain, pad)));
        }
        return new Result(new WaveformSet(fs, out), new FilterSettings(highPass ? f.highPassHz() : null,
                lowPass ? f.lowPassHz() : null, notch ? f.notchHz() : null));
    }

    private static boolean on(Double hz) {
        return hz != null && hz > 0;
    }
}
