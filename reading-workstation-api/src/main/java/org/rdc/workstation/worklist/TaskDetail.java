package org.rdc.workstation.worklist;

import java.util.List;
import org.rdc.storage.catalog.StudySummary;

/**
 * A task with its study, the patient's priors (newest first) and its history; {@code holter}: the study has a stored
 * Holter analysis ({@code HOLTER_ANALYSIS}, a tus upload or a DICOM Ambulatory ECG), so the workstation opens the
 * Holter review for it, not the resting viewer. The attachment is the signal because a tus upload's instance is a
 * resting 12-lead strip (SOP class and modality do not tell) and asking {@code /holter} for every ECG would be a 404.
 */
public record TaskDetail(Task task, StudySummary study, List<Priors.Prior> priors, List<TaskEvent> history, boolean holter) {
}
