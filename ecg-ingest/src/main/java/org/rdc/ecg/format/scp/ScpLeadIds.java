package org.rdc.ecg.format.scp;

/** Lead identification codes of EN 1064 table 5.6.2 (section 3), as printed lead names. */
public final class ScpLeadIds {

    private ScpLeadIds() {
    }

    public static String name(int id) {
        switch (id) {
            case 1: return "I";
            case 2: return "II";
            case 3: return "V1";
            case 4: return "V2";
            case 5: return "V3";
            case 6: return "V4";
            case 7: return "V5";
            case 8: return "V6";
            case 9: return "V7";
            case 10: return "V2R";
            case 11: return "V3R";
            case 12: return "V4R";
            case 13: return "V5R";
            case 14: return "V6R";
            case 15: return "V7R";
            case 16: return "X";
            case 17: return "Y";
            case 18: return "Z";
            case 19: return "CC5";
            case 20: return "CM5";
            case 21: return "LA";
            case 22: return "RA";
            case 23: return "LL";
            case 61: return "III";
            case 62: return "aVR";
            case 63: return "aVL";
            case 64: return "aVF";
            case 65: return "-aVR";
            case 66: return "V8";
            case 67: return "V9";
            case 68: return "V8R";
            case 69: return "V9R";
            default: return "lead#" + id;
        }
    }
}
