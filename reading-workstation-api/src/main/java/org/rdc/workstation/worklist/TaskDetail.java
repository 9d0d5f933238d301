package org.rdc.workstation.worklist;

import java.util.List;
import org.rdc.storage.catalog.StudySummary;

/** A task with its study, the patient's priors (newest first) and its history. */
public record TaskDetail(Task task, StudySummary study, List<Priors.Prior> priors, List<TaskEvent> history) {
}
