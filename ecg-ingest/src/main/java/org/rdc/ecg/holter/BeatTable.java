package org.rdc.ecg.holter;

import java.util.Arrays;

/**
 * What the analysis keeps of each beat once its samples have streamed past: where it is, how the
 * classifier labelled it, whether it came early, which morphology template it joined, and its ST
 * deviation on every lead. About 20 bytes a beat: a day of 100 000 beats is 2 MB, no samples.
 * Filled in frame order while streaming, read-only after {@link #seal()}.
 */
public final class BeatTable {

    /** No template: the beat was too near the recording's start or end to compare its shape. */
    public static final int NO_TEMPLATE = -1;

    private final int leads;
    private int size;
    private long[] frames = new long[1024];
    private BeatClass[] labels = new BeatClass[1024];
    private boolean[] premature = new boolean[1024];
    private int[] templates = new int[1024];
    private float[][] stMicrovolts;
    private boolean sealed;

    BeatTable(int leads) {
        this.leads = leads;
        this.stMicrovolts = new float[leads][1024];
    }

    void add(long frame, BeatClass label, boolean early, int template, float[] st) {
        if (sealed) {
            throw new IllegalStateException("sealed");
        }
        if (size == frames.length) {
            resize(size * 2);
        }
        frames[size] = frame;
        labels[size] = label;
        premature[size] = early;
        templates[size] = template;
        for (int l = 0; l < leads; l++) {
            stMicrovolts[l][size] = st[l];
        }
        size++;
    }

    /**
     * A sealed table from its columns, as a stored analysis is read back ({@code HolterJson.read}): frames
     * ascending, one entry a beat in every column, {@code st} one column a lead.
     */
    public static BeatTable of(long[] frames, BeatClass[] labels, boolean[] premature, int[] templates, float[][] st) {
        int n = frames.length;
        if (labels.length != n || premature.length != n || templates.length != n) {
            throw new IllegalArgumentException("beat table columns differ in length: " + n + " frames, " + labels.length
                    + " labels, " + premature.length + " premature flags, " + templates.length + " templates");
        }
        BeatTable t = new BeatTable(st.length);
        for (int l = 0; l < st.length; l++) {
            if (st[l].length != n) {
                throw new IllegalArgumentException("ST column of lead " + l + " has " + st[l].length + " beats, not " + n);
            }
        }
        float[] row = new float[st.length];
        for (int i = 0; i < n; i++) {
            if (i > 0 && frames[i] <= frames[i - 1]) {
                throw new IllegalArgumentException("beat " + i + " at frame " + frames[i] + " is not after beat " + (i - 1));
            }
            if (labels[i] == null) {
                throw new IllegalArgumentException("beat " + i + " has no label");
            }
            for (int l = 0; l < st.length; l++) {
                row[l] = st[l][i];
            }
            t.add(frames[i], labels[i], premature[i], templates[i], row);
        }
        return t.seal();
    }

    BeatTable seal() {
        resize(size);
        sealed = true;
        return this;
    }

    private void resize(int n) {
        frames = Arrays.copyOf(frames, n);
        labels = Arrays.copyOf(labels, n);
        premature = Arrays.copyOf(premature, n);
        templates = Arrays.copyOf(templates, n);
        for (int l = 0; l < leads; l++) {
            stMicrovolts[l] = Arrays.copyOf(stMicrovolts[l], n);
        }
    }

    public int size() {
        return size;
    }

    public long frame(int beat) {
        return frames[beat];
    }

    /** R-peak frames of all beats, ascending (a copy). */
    public long[] frames() {
        return frames.clone();
    }

    /** The class the automatic classifier gave, before any reader's relabelling. */
    public BeatClass automaticLabel(int beat) {
        return labels[beat];
    }

    /** RR under {@value BeatClassifier#PREMATURE} of the running mean: a normal-shaped beat that is early is supraventricular. */
    public boolean premature(int beat) {
        return premature[beat];
    }

    /** The template id the beat joined, or {@link #NO_TEMPLATE}. */
    public int template(int beat) {
        return templates[beat];
    }

    /** ST deviation against the PR baseline in uV, NaN where it could not be measured. */
    public double stMicrovolts(int lead, int beat) {
        return stMicrovolts[lead][beat];
    }

    /** The ST deviation as stored (single precision), for writing the table out exactly. */
    public float stMicrovoltsStored(int lead, int beat) {
        return stMicrovolts[lead][beat];
    }

    public int leads() {
        return leads;
    }
}
