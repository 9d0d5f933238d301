package org.rdc.reports.lifecycle;

import org.rdc.reports.template.ReportTemplate;
import tools.jackson.databind.node.ObjectNode;

/** Field values known before the reader starts (the ECG intake's automatic analysis), by field key. */
@FunctionalInterface
public interface Prefill {

    ObjectNode values(String studyInstanceUid, ReportTemplate template);
}
