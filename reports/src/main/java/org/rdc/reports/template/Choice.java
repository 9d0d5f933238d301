package org.rdc.reports.template;

/** One allowed value of a CHOICE or MULTI_CHOICE field: a stable code and its zh-CN and English labels. */
public record Choice(String code, String zh, String en) {
}
