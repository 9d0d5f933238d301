package org.rdc.ecg.analysis;

/** Basic rhythm categories of the automated analysis. */
public enum Rhythm {
    SINUS_RHYTHM("Sinus rhythm", "窦性心律"),
    SINUS_BRADYCARDIA("Sinus bradycardia", "窦性心动过缓"),
    SINUS_TACHYCARDIA("Sinus tachycardia", "窦性心动过速"),
    IRREGULAR_SUSPECT_AF("Irregular RR intervals without P waves, suggests atrial fibrillation",
            "RR间期绝对不齐且未见P波，提示心房颤动"),
    REGULAR_WITHOUT_P("Regular rhythm without identifiable P waves", "节律规整，未见明确P波"),
    IRREGULAR_RHYTHM("Irregular rhythm", "心律不齐"),
    UNDETERMINED("Rhythm undetermined (too few QRS complexes)", "节律无法判定（QRS波群过少）");

    private final String en;
    private final String zh;

    Rhythm(String en, String zh) {
        this.en = en;
        this.zh = zh;
    }

    public String en() {
        return en;
    }

    public String zh() {
        return zh;
    }
}
