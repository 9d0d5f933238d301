package org.rdc.reports.model;

import tools.jackson.databind.node.ObjectNode;

/**
 * What the reader writes: the sections, the template's structured fields, the critical-result flag
 * (危急值) with its category from the service line's list. The result-sharing mark (互认标识) is not
 * the reader's to choose: it comes from the facility's policy.
 */
public record ReportContent(Sections sections, ObjectNode fields, boolean critical, String criticalCategory) {
}
