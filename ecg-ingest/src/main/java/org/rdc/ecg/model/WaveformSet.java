package org.rdc.ecg.model;

import java.util.List;
import java.util.Optional;

/** Leads sampled together at one rate: the rhythm recording, or the median (representative) beats. */
public record WaveformSet(double sampleRateHz, List<Lead> leads) {

    public WaveformSet {
        if (!(sampleRateHz > 0)) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRateHz);
        }
        leads = List.copyOf(leads);
    }

    public Optional<Lead> lead(String name) {
        String wanted = StandardLead.normalise(name);
        return leads.stream().filter(l -> l.name().equals(wanted)).findFirst();
    }

    public Optional<Lead> lead(StandardLead lead) {
        return lead(lead.label());
    }

    public List<String> leadNames() {
        return leads.stream().map(Lead::name).toList();
    }

    /** Samples of the longest lead; leads of one set normally have equal length. */
    public int sampleCount() {
        return leads.stream().mapToInt(Lead::length).max().orElse(0);
    }

    public double durationSeconds() {
        return sampleCount() / sampleRateHz;
    }
}
