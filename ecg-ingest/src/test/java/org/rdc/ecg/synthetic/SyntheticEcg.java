package org.rdc.ecg.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.SourceRef;
import org.rdc.ecg.model.StandardLead;
import org.rdc.ecg.model.WaveformSet;

/**
 * Builds 12-lead ECGs with exactly known intervals, rate, rhythm, axes and ST levels. Waves are
 * raised-cosine bumps with compact support, so each onset and offset is a definite sample. Limb
 * leads come from frontal-plane projections of one vector per wave, so Einthoven's and
 * Goldberger's relations hold and the axes are known.
 */
public final class SyntheticEcg {

    private double sampleRate = 500;
    private double seconds = 10;
    private double rateBpm = 70;
    private List<Double> qrsTimes;
    private double pDurationMs = 100;
    private double prMs = 160;
    private double qrsMs = 90;
    private double qtMs = 380;
    private double pAxis = 50;
    private double qrsAxis = 60;
    private double tAxis = 45;
    private boolean pWaves = true;
    private double noiseUv = 0;
    private double wanderUv = 0;
    private double mainsUv = 0;
    private final Map<String, Double> stUv = new HashMap<>();
    private Sex sex = Sex.MALE;
    private int age = 55;
    private long seed = 1;

    public static SyntheticEcg normal() {
        return new SyntheticEcg();
    }

    public SyntheticEcg rate(double bpm) {
        this.rateBpm = bpm;
        return this;
    }

    /** Explicit QRS onset times in seconds (pauses, irregular rhythms). */
    public SyntheticEcg qrsAt(List<Double> times) {
        this.qrsTimes = List.copyOf(times);
        return this;
    }

    public SyntheticEcg intervals(double pr, double qrs, double qt) {
        this.prMs = pr;
        this.qrsMs = qrs;
        this.qtMs = qt;
        return this;
    }

    public SyntheticEcg axes(double p, double qrs, double t) {
        this.pAxis = p;
        this.qrsAxis = qrs;
        this.tAxis = t;
        return this;
    }

    public SyntheticEcg withoutPWaves() {
        this.pWaves = false;
        return this;
    }

    public SyntheticEcg st(String lead, double uv) {
        stUv.put(lead, uv);
        return this;
    }

    public SyntheticEcg noise(double uv, double wander, double mains) {
        this.noiseUv = uv;
        this.wanderUv = wander;
        this.mainsUv = mains;
        return this;
    }

    public SyntheticEcg patient(Sex sex, int age) {
        this.sex = sex;
        this.age = age;
        return this;
    }

    public SyntheticEcg seconds(double s) {
        this.seconds = s;
        return this;
    }

    public SyntheticEcg sampleRate(double hz) {
        this.sampleRate = hz;
        return this;
    }

    public SyntheticEcg seed(long s) {
        this.seed = s;
        return this;
    }

    public List<Double> qrsOnsets() {
        if (qrsTimes != null) {
            return qrsTimes;
        }
        List<Double> t = new ArrayList<>();
        double rr = 60.0 / rateBpm;
        for (double x = 0.45; x < seconds - 0.6; x += rr) {
            t.add(x);
        }
        return t;
    }

    public EcgRecord build() {
        int n = (int) Math.round(seconds * sampleRate);
        double[][] frontal = new double[2][n];
        Map<String, double[]> chest = new HashMap<>();
        double[] chestR = {200, 400, 700, 1100, 1300, 1100};
        double[] chestS = {-1000, -1200, -800, -500, -300, -200};
        double[] chestT = {100, 300, 400, 400, 300, 250};
        double[] chestP = {60, 80, 90, 90, 80, 70};
        for (int c = 0; c < 6; c++) {
            chest.put("V" + (c + 1), new double[n]);
        }
        for (double onset : qrsOnsets()) {
            double q0 = onset;
            double q1 = onset + qrsMs / 1000;
            double tEnd = onset + qtMs / 1000;
            double p0 = onset - prMs / 1000;
            double p1 = p0 + pDurationMs / 1000;
            for (int k = 0; k < n; k++) {
                double t = k / sampleRate;
                double p = pWaves ? bump(t, p0, p1) * 150 : 0;
                double r = qrs(t, q0, q1, 1.0, -0.15, -0.25) * 1200;
                double tw = bump(t, q1 + (tEnd - q1) * 0.25, tEnd) * 350;
                frontal[0][k] += p * cos(pAxis) + r * cos(qrsAxis) + tw * cos(tAxis);
                frontal[1][k] += p * cos(pAxis - 60) + r * cos(qrsAxis - 60) + tw * cos(tAxis - 60);
                for (int c = 0; c < 6; c++) {
                    double[] v = chest.get("V" + (c + 1));
                    v[k] += (pWaves ? bump(t, p0, p1) * chestP[c] : 0)
                            + qrs(t, q0, q1, chestR[c] / 1000, -0.05, chestS[c] / 1000) * 1000
                            + bump(t, q1 + (tEnd - q1) * 0.25, tEnd) * chestT[c];
                }
            }
        }
        Map<String, double[]> leads = new HashMap<>(chest);
        double[] i = frontal[0];
        double[] ii = frontal[1];
        double[] iii = new double[n];
        double[] avr = new double[n];
        double[] avl = new double[n];
        double[] avf = new double[n];
        for (int k = 0; k < n; k++) {
            iii[k] = ii[k] - i[k];
            avr[k] = -(i[k] + ii[k]) / 2;
            avl[k] = i[k] - ii[k] / 2;
            avf[k] = ii[k] - i[k] / 2;
        }
        leads.put("I", i);
        leads.put("II", ii);
        leads.put("III", iii);
        leads.put("aVR", avr);
        leads.put("aVL", avl);
        leads.put("aVF", avf);
        applySt(leads);
        Random random = new Random(seed);
        List<Lead> out = new ArrayList<>();
        for (StandardLead s : StandardLead.TWELVE) {
            double[] v = leads.get(s.label());
            for (int k = 0; k < n; k++) {
                double t = k / sampleRate;
                v[k] += noiseUv * random.nextGaussian() + wanderUv * Math.sin(2 * Math.PI * 0.3 * t)
                        + mainsUv * Math.sin(2 * Math.PI * 50 * t);
            }
            out.add(new Lead(s.label(), v));
        }
        return new EcgRecord(SourceFormat.WFDB, "synthetic", new Patient("SYN-1", "测试 患者", sex, null, age),
                Acquisition.unknown(), new WaveformSet(sampleRate, out), null, null, List.of(),
                new SourceRef("0".repeat(64), 0));
    }

    /** ST elevation from the J point, fading out smoothly by the end of T. */
    private void applySt(Map<String, double[]> leads) {
        for (Map.Entry<String, Double> e : stUv.entrySet()) {
            double[] v = leads.get(e.getKey());
            for (double onset : qrsOnsets()) {
                double j = onset + qrsMs / 1000;
                double tEnd = onset + qtMs / 1000;
                for (int k = (int) Math.ceil(j * sampleRate); k < v.length && k / sampleRate < tEnd; k++) {
                    double s = (k / sampleRate - j) / (tEnd - j);
                    v[k] += e.getValue() * Math.cos(s * Math.PI / 2);
                }
            }
        }
    }

    private static double cos(double deg) {
        return Math.cos(Math.toRadians(deg));
    }

    /** Raised cosine of height 1 on [a, b], zero outside. */
    static double bump(double t, double a, double b) {
        if (t <= a || t >= b) {
            return 0;
        }
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * (t - a) / (b - a));
    }

    /** Q, R and S as consecutive bumps filling [a, b] exactly. */
    static double qrs(double t, double a, double b, double r, double q, double s) {
        double w = b - a;
        return q * bump(t, a, a + 0.2 * w) + r * bump(t, a + 0.15 * w, a + 0.7 * w) + s * bump(t, a + 0.6 * w, b);
    }
}
