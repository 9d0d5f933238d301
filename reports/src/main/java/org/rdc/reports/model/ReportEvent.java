package org.rdc.reports.model;

import java.time.Instant;

/** One step of a report's history: who did what to which version, from which state to which. */
public record ReportEvent(Instant at, String actor, int version, String event, ReportState from, ReportState to, String detail) {
}
