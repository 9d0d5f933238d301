package org.rdc.ecg.holter;

/**
 * One recorded lead: its name as the file gives it, the physical unit the file declares, and the
 * linear map from stored integers to microvolts ({@code uV = adu * microvoltsPerUnit + offsetMicrovolts}),
 * which is the form all three formats reduce to.
 */
public record HolterLead(String name, String unit, double microvoltsPerUnit, double offsetMicrovolts) {

    public double microvolts(int adu) {
        return adu * microvoltsPerUnit + offsetMicrovolts;
    }
}
