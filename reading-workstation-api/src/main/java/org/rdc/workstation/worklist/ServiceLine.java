package org.rdc.workstation.worklist;

/** The reading departments of the centre. Which modalities and SOP classes go where is configuration ({@link RoutingRules}). */
public enum ServiceLine {
    RADIOLOGY, ULTRASOUND, ECG
}
