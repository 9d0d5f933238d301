package org.rdc.workstation.ecg;

import org.rdc.ecg.model.FilterSettings;
import org.rdc.storage.InstanceStore;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Callers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/studies/{studyUid}/ecg}: the study's ECG leads and analysis for the browser's ECG viewer. Scoped
 * like {@code /api/studies} (another facility's study is 404) and recorded in the access log as {@code API_ECG}.
 * Without filter parameters the samples carry the filters the analysis applied, so they are the trace the
 * centre's rendering printed; {@code highPassHz}, {@code lowPassHz}, {@code notchHz} (0: off) are the reader's
 * switches. At most {@value EcgWaveforms#MAX_SECONDS} s per answer ({@code startS}, {@code seconds}).
 */
@RestController
@RequestMapping("/api/studies")
public class EcgController {

    private final EcgWaveforms waveforms;
    private final Callers callers;

    public EcgController(InstanceStore store, Callers callers) {
        this.waveforms = new EcgWaveforms(store);
        this.callers = callers;
    }

    @GetMapping("/{studyUid}/ecg")
    public EcgWaveformView ecg(@PathVariable String studyUid,
                               @RequestParam(required = false) Double highPassHz,
                               @RequestParam(required = false) Double lowPassHz,
                               @RequestParam(required = false) Double notchHz,
                               @RequestParam(defaultValue = "0") double startS,
                               @RequestParam(required = false) Double seconds) {
        FilterSettings filters = null;
        if (highPassHz != null || lowPassHz != null || notchHz != null) {
            filters = new FilterSettings(checked("highPassHz", highPassHz, 0.05, 5), checked("lowPassHz", lowPassHz, 20, 500),
                    notch(notchHz));
        }
        return waveforms.read(callers.current().catalogScope(), studyUid, new EcgWaveforms.Request(filters, startS, seconds));
    }

    /** A corner frequency: absent or 0 is off, else within the range (IEC 60601-2-25's diagnostic band lies inside). */
    private static Double checked(String name, Double hz, double min, double max) {
        if (hz == null || hz == 0) {
            return null;
        }
        if (!(hz >= min && hz <= max)) {
            throw WorkstationException.invalidCode("ecg-filter", name + " must be 0 (off) or from " + min + " to " + max + " Hz, was " + hz);
        }
        return hz;
    }

    /** Mains: 50 Hz in China, 60 Hz elsewhere. */
    private static Double notch(Double hz) {
        if (hz == null || hz == 0) {
            return null;
        }
        if (hz != 50 && hz != 60) {
            throw WorkstationException.invalidCode("ecg-filter", "notchHz must be 0 (off), 50 or 60, was " + hz);
        }
        return hz;
    }
}
