package org.rdc.reports.template;

/** A normal phrase (常用语) the reader inserts into a section: {@code findings}, {@code impression} or {@code recommendation}. */
public record Phrase(String section, String zh, String en) {
}
