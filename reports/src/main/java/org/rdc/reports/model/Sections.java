package org.rdc.reports.model;

/** The three free-text sections of a report: 检查所见, 诊断意见, 建议. */
public record Sections(String findings, String impression, String recommendation) {

    public static final Sections EMPTY = new Sections("", "", "");

    public Sections {
        findings = findings == null ? "" : findings;
        impression = impression == null ? "" : impression;
        recommendation = recommendation == null ? "" : recommendation;
    }
}
