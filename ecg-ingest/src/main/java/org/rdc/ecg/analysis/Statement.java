package org.rdc.ecg.analysis;

/** One interpretive statement of the automated analysis, in English and Chinese. */
public record Statement(String code, String en, String zh) {
}
