package org.rdc.ecg.analysis;

import java.util.List;

/**
 * The representative beat of each lead: the sample-wise median of the dominant beats aligned on
 * their QRS, which suppresses noise and ectopic beats before waves are measured (IEC 60601-2-25
 * measures global intervals on such representative complexes).
 *
 * @param fiducial  index of the QRS fiducial point in every lead's array
 * @param beatsUsed how many beats went into the median
 */
public record MedianBeat(double sampleRateHz, List<String> leadNames, double[][] samplesUv, int fiducial,
                         int beatsUsed) {

    public int length() {
        return samplesUv.length == 0 ? 0 : samplesUv[0].length;
    }

    public double[] lead(String name) {
        int i = leadNames.indexOf(name);
        return i < 0 ? null : samplesUv[i];
    }
}
