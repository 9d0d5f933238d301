package org.rdc.ecg.holter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.rdc.ecg.model.SourceFormat;

/**
 * A synthetic long-term recording generated block by block (never held whole), with known labels:
 * sum-of-Gaussians P-QRS-T beats (after the ECGSYN morphology of McSharry et al., IEEE TBME 2003)
 * at RR intervals with a day-night rhythm, respiratory sinus arrhythmia and random variation;
 * ventricular premature beats (wide, no P, inverted T, full compensatory pause) and sinus pauses
 * injected at known places; baseline wander and white noise on top. Deterministic for a seed.
 *
 * <p>{@link Event}s are injected at given times on top of that, each with its truth: atrial
 * fibrillation (no P waves, fibrillatory waves, irregular RR), VT and SVT runs, a sinus pause,
 * sinus bradycardia, a wide-QRS escape rhythm with dissociated P waves (the complete AV block
 * pattern), ST shifts, and noise: muscle noise on one lead, every lead off, one lead off, one lead
 * saturated. No random PVC or pause is put within {@value #QUIET_S} s of an event.
 */
final class SyntheticHolter implements HolterRecording {

    static final double PVC_EVERY_BEATS = 700;
    static final double QUIET_S = 20;
    private static final double[] LEAD_GAIN = {1.0, 0.6, -0.45};
    private static final double SATURATION_UV = 5000;

    enum Kind {
        AF, VT, SVT, PAUSE, BRADYCARDIA, ESCAPE, ST, MUSCLE_NOISE, ALL_LEADS_OFF, ONE_LEAD_OFF, SATURATION;

        boolean makesBeats() {
            return ordinal() <= ESCAPE.ordinal();
        }
    }

    /**
     * One injected event from {@code start} s for {@code seconds} s; {@code value} is the rate (bpm) of
     * rhythm events and the ST shift (uV, on the first lead; the others by their gain) of ST events.
     */
    record Event(Kind kind, double start, double seconds, double value) {
        double end() {
            return start + seconds;
        }
    }

    /** Two hours of events that a Holter analysis must find, with their truth (the tests' and the benchmark's). */
    static final List<Event> CLINICAL_EVENTS = List.of(
            new Event(Kind.AF, 600, 300, 0),
            new Event(Kind.VT, 1200, 4.5, 160),
            new Event(Kind.SVT, 1500, 6, 150),
            new Event(Kind.PAUSE, 1800, 3.2, 0),
            new Event(Kind.ST, 2100, 180, -150),
            new Event(Kind.MUSCLE_NOISE, 2500, 60, 0),
            new Event(Kind.ALL_LEADS_OFF, 2700, 45, 0),
            new Event(Kind.ONE_LEAD_OFF, 2900, 120, 0),
            new Event(Kind.SATURATION, 3200, 40, 0),
            new Event(Kind.VT, 3500, 40, 150),
            new Event(Kind.ESCAPE, 3800, 90, 38),
            new Event(Kind.BRADYCARDIA, 4200, 60, 32),
            new Event(Kind.SVT, 4500, 40, 190),
            new Event(Kind.AF, 5000, 600, 0),
            new Event(Kind.ST, 6000, 120, 150));

    private static final int NORMAL = 0;
    private static final int PVC = 1;
    private static final int NO_P = 2;
    private static final int P_ONLY = 3;

    private final HolterHeader header;
    private final long[] beatFrames;
    private final char[] codes;
    private final float[] stShift;
    private final byte[] shapes;
    private final List<long[]> pauses = new ArrayList<>();
    private final List<Event> events;
    private final double[][] templates;
    private final double[] stShape;
    private final int before;
    private long frame;
    private int firstActiveBeat;
    private long noiseState;

    SyntheticHolter(double hours, int leads, int fs, long seed) {
        this(hours, leads, fs, seed, List.of());
    }

    SyntheticHolter(double hours, int leads, int fs, long seed, List<Event> events) {
        long frames = Math.round(hours * 3600 * fs);
        List<HolterLead> l = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            l.add(new HolterLead("synthetic " + (i + 1), "uV", 1, 0));
        }
        // generated, not decoded: labelled as the format HolterDayBench streams it into
        this.header = new HolterHeader(SourceFormat.ISHNE_HOLTER, fs, l, frames, null, "SYN-HOLTER");
        this.events = events.stream().sorted((a, b) -> Double.compare(a.start(), b.start())).toList();
        this.before = (int) Math.round(0.30 * fs);
        this.templates = new double[][] {template(fs, NORMAL), template(fs, PVC), template(fs, NO_P), template(fs, P_ONLY)};
        this.stShape = stShape(fs);
        this.noiseState = seed * 0x9E3779B97F4A7C15L + 1;
        Random random = new Random(seed);
        Beats b = new Beats((int) (hours * 3600 * 3.5) + 16);
        double t = 1.0;
        double nextPause = 1800 + random.nextDouble() * 3600;
        int nextEvent = 0;
        while (t < hours * 3600 - 1.0) {
            while (nextEvent < this.events.size() && !this.events.get(nextEvent).kind().makesBeats()) {
                nextEvent++;
            }
            Event e = nextEvent < this.events.size() ? this.events.get(nextEvent) : null;
            double circadian = 0.85 + 0.15 * Math.cos(2 * Math.PI * t / 86_400.0);
            double rr = circadian * (1 + 0.04 * Math.sin(2 * Math.PI * t / 4.0)) + 0.03 * random.nextGaussian();
            if (e != null && t + rr >= e.start()) {
                t = inject(e, b, t, rr, random, fs);
                nextEvent++;
                continue;
            }
            boolean quiet = nearEvent(t, QUIET_S);
            boolean premature = !quiet && b.n > 0 && random.nextDouble() < 1 / PVC_EVERY_BEATS && b.codes[b.n - 1] != 'V';
            if (premature) {
                double coupling = 0.6 * rr;
                b.add(Math.round((t - rr + coupling) * fs), 'V', PVC);
                t += rr;
                // full compensatory pause: the next sinus beat comes on time, two cycles after the last one
            } else if (t > nextPause && !quiet) {
                double pause = 2.6 + random.nextDouble() * 1.0;
                t += pause - rr;
                pauses.add(new long[] {b.frames[b.n - 1], Math.round(t * fs)});
                nextPause = t + 3600 + random.nextDouble() * 3600;
            } else if (t > nextPause) {
                nextPause = t + 60;
            }
            b.add(Math.round(t * fs), 'N', NORMAL);
            t += rr;
        }
        this.beatFrames = Arrays.copyOf(b.frames, b.n);
        this.codes = Arrays.copyOf(b.codes, b.n);
        this.shapes = Arrays.copyOf(b.shapes, b.n);
        this.stShift = new float[b.n];
        for (Event e : this.events) {
            for (int i = 0; i < b.n; i++) {
                long start = Math.round(e.start() * fs);
                long end = Math.round(e.end() * fs);
                if (beatFrames[i] >= start && beatFrames[i] < end) {
                    if (e.kind() == Kind.ST && codes[i] == 'N') {
                        stShift[i] = (float) e.value();
                    } else if (e.kind() == Kind.ALL_LEADS_OFF) {
                        codes[i] = 0;
                    }
                }
            }
        }
    }

    /** Beats as they are generated, growing. */
    private static final class Beats {
        long[] frames;
        char[] codes;
        byte[] shapes;
        int n;

        Beats(int capacity) {
            frames = new long[capacity];
            codes = new char[capacity];
            shapes = new byte[capacity];
        }

        void add(long frame, char code, int shape) {
            if (n == frames.length) {
                frames = Arrays.copyOf(frames, n * 2);
                codes = Arrays.copyOf(codes, n * 2);
                shapes = Arrays.copyOf(shapes, n * 2);
            }
            frames[n] = frame;
            codes[n] = code;
            shapes[n++] = (byte) shape;
        }
    }

    /** Generates the event's beats from time t (the last beat was at t - rr), returns the time of the next sinus beat. */
    private double inject(Event e, Beats b, double t, double rr, Random random, int fs) {
        double last = t - rr;
        double end = e.end();
        switch (e.kind()) {
            case PAUSE -> {
                // the last sinus beat, then nothing for the pause's length
                long from = b.frames[b.n - 1];
                double next = from / (double) fs + e.seconds();
                pauses.add(new long[] {from, Math.round(next * fs)});
                return next;
            }
            case AF -> {
                double s = Math.max(last + 0.4, e.start());
                while (s < end) {
                    b.add(Math.round(s * fs), 'N', NO_P);
                    s += Math.max(0.33, Math.min(1.3, 0.65 * (1 + 0.25 * random.nextGaussian())));
                }
                return s + 0.2;
            }
            default -> {
                double interval = 60 / e.value();
                double s = Math.max(last + Math.min(interval, 0.6), e.start());
                char code = e.kind() == Kind.VT || e.kind() == Kind.ESCAPE ? 'V' : e.kind() == Kind.SVT ? 'S' : 'N';
                int shape = code == 'V' ? PVC : code == 'S' ? NO_P : NORMAL;
                while (s < end) {
                    b.add(Math.round(s * fs), code, shape);
                    s += interval * (e.kind() == Kind.BRADYCARDIA ? 1 + 0.01 * random.nextGaussian() : 1);
                }
                if (e.kind() == Kind.ESCAPE) {
                    // sinus P waves march through at 75 bpm, dissociated from the escape beats
                    for (double p = e.start(); p < end; p += 0.8) {
                        b.add(Math.round((p - 0.20) * fs), (char) 0, P_ONLY);
                    }
                    sortFrom(b, b.n - (int) Math.ceil(e.seconds() / 0.8) - (int) Math.ceil(e.seconds() / interval) - 2);
                }
                // the sinus rhythm resumes a second after the last beat of the event
                return b.frames[b.n - 1] / (double) fs + 1.0;
            }
        }
    }

    private static void sortFrom(Beats b, int from) {
        int start = Math.max(0, from);
        Integer[] order = new Integer[b.n - start];
        for (int i = 0; i < order.length; i++) {
            order[i] = start + i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(b.frames[x], b.frames[y]));
        long[] f = new long[order.length];
        char[] c = new char[order.length];
        byte[] s = new byte[order.length];
        for (int i = 0; i < order.length; i++) {
            f[i] = b.frames[order[i]];
            c[i] = b.codes[order[i]];
            s[i] = b.shapes[order[i]];
        }
        System.arraycopy(f, 0, b.frames, start, f.length);
        System.arraycopy(c, 0, b.codes, start, c.length);
        System.arraycopy(s, 0, b.shapes, start, s.length);
    }

    private boolean nearEvent(double t, double margin) {
        for (Event e : events) {
            if (t > e.start() - margin && t < e.end() + margin) {
                return true;
            }
        }
        return false;
    }

    /** One beat in microvolts from 0.30 s before the R peak to 0.60 s after. */
    private double[] template(int fs, int shape) {
        double[] out = new double[(int) Math.round(0.90 * fs)];
        for (int i = 0; i < out.length; i++) {
            double s = (i - before) / (double) fs;
            double p = gauss(s, 150, -0.20, 0.025);
            double qrst = gauss(s, -100, -0.03, 0.010) + gauss(s, 1200, 0, 0.011) + gauss(s, -250, 0.03, 0.010)
                    + gauss(s, 320, 0.26, 0.055);
            out[i] = switch (shape) {
                case PVC -> gauss(s, 1400, 0, 0.035) + gauss(s, -300, 0.06, 0.03) + gauss(s, -450, 0.32, 0.08);
                case NO_P -> qrst;
                case P_ONLY -> p;
                default -> p + qrst;
            };
        }
        return out;
    }

    /** A unit ST shift: flat from 40 to 300 ms after R, with 30 ms raised-cosine edges. */
    private double[] stShape(int fs) {
        double[] out = new double[(int) Math.round(0.90 * fs)];
        for (int i = 0; i < out.length; i++) {
            double s = (i - before) / (double) fs;
            double edge = 0.030;
            if (s >= 0.040 && s <= 0.300) {
                out[i] = 1;
            } else if (s > 0.040 - edge && s < 0.040) {
                out[i] = 0.5 - 0.5 * Math.cos(Math.PI * (s - 0.040 + edge) / edge);
            } else if (s > 0.300 && s < 0.300 + edge) {
                out[i] = 0.5 + 0.5 * Math.cos(Math.PI * (s - 0.300) / edge);
            }
        }
        return out;
    }

    private static double gauss(double s, double amplitude, double centre, double width) {
        double z = (s - centre) / width;
        return amplitude * Math.exp(-0.5 * z * z);
    }

    /** Reference beats (P-only markers and beats hidden by every lead being off are no beats). */
    long[] beatFrames() {
        return java.util.stream.IntStream.range(0, beatFrames.length).filter(i -> codes[i] != 0).mapToLong(i -> beatFrames[i]).toArray();
    }

    /** The reference class of each of {@link #beatFrames()}. */
    BeatClass[] beatClasses() {
        return java.util.stream.IntStream.range(0, beatFrames.length).filter(i -> codes[i] != 0)
                .mapToObj(i -> BeatClass.ofMnemonic(String.valueOf(codes[i])).orElseThrow()).toArray(BeatClass[]::new);
    }

    long[] ventricularFrames() {
        return java.util.stream.IntStream.range(0, beatFrames.length).filter(i -> codes[i] == 'V').mapToLong(i -> beatFrames[i]).toArray();
    }

    /** Pauses, random and injected, as (last beat before, first beat after). */
    List<long[]> pauses() {
        return pauses;
    }

    List<Event> events() {
        return events;
    }

    @Override
    public HolterHeader header() {
        return header;
    }

    @Override
    public List<HolterAnnotation> annotations() {
        List<HolterAnnotation> out = new ArrayList<>(beatFrames.length);
        for (int i = 0; i < beatFrames.length; i++) {
            if (codes[i] != 0) {
                out.add(new HolterAnnotation(beatFrames[i], String.valueOf(codes[i]), ""));
            }
        }
        return out;
    }

    /** The noise is one sequence from the start: write the recording out (IshneWriter) to read windows of it. */
    @Override
    public void seek(long frame) {
        throw new UnsupportedOperationException("a generated recording is read front to back");
    }

    @Override
    public boolean read(SampleBlock block) {
        int n = (int) Math.min(block.capacity(), header.frames() - frame);
        if (n <= 0) {
            return false;
        }
        double fs = header.sampleRate();
        for (int i = 0; i < n; i++) {
            double s = (frame + i) / fs;
            double wander = 80 * Math.sin(2 * Math.PI * 0.15 * s) + 30 * Math.sin(2 * Math.PI * 0.05 * s + 1);
            for (int l = 0; l < block.leads(); l++) {
                block.lead(l)[i] = wander + 12 * noise();
            }
        }
        int longest = templates[0].length;
        while (firstActiveBeat < beatFrames.length && beatFrames[firstActiveBeat] + longest - before < frame) {
            firstActiveBeat++;
        }
        for (int b = firstActiveBeat; b < beatFrames.length && beatFrames[b] - before < frame + n; b++) {
            double[] t = templates[shapes[b]];
            long start = beatFrames[b] - before;
            for (int k = (int) Math.max(0, frame - start); k < t.length && start + k < frame + n; k++) {
                int i = (int) (start + k - frame);
                double x = t[k] + stShift[b] * stShape[k];
                for (int l = 0; l < block.leads(); l++) {
                    block.lead(l)[i] += LEAD_GAIN[l % LEAD_GAIN.length] * x;
                }
            }
        }
        for (Event e : events) {
            long from = Math.max(frame, Math.round(e.start() * fs));
            long to = Math.min(frame + n, Math.round(e.end() * fs));
            for (long f = from; f < to; f++) {
                int i = (int) (f - frame);
                double s = f / fs;
                switch (e.kind()) {
                    case AF -> {
                        double wave = 30 * Math.sin(2 * Math.PI * 6.0 * s + 0.8 * Math.sin(2 * Math.PI * 0.3 * s));
                        for (int l = 0; l < block.leads(); l++) {
                            block.lead(l)[i] += LEAD_GAIN[l % LEAD_GAIN.length] * wave;
                        }
                    }
                    case MUSCLE_NOISE -> block.lead(0)[i] += 150 * noise();
                    case ALL_LEADS_OFF -> {
                        for (int l = 0; l < block.leads(); l++) {
                            block.lead(l)[i] = 0;
                        }
                    }
                    case ONE_LEAD_OFF -> block.lead(block.leads() - 1)[i] = 0;
                    case SATURATION -> block.lead(0)[i] = Math.max(-SATURATION_UV,
                            Math.min(SATURATION_UV, block.lead(0)[i] + 9000 * Math.sin(2 * Math.PI * 0.4 * s)));
                    default -> {
                        // rhythm and ST events are in the beats
                    }
                }
            }
        }
        block.fill(frame, n);
        frame += n;
        return true;
    }

    /** Roughly unit-variance noise (sum of four uniforms, xorshift), cheap enough for 66 million samples. */
    private double noise() {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            noiseState ^= noiseState << 13;
            noiseState ^= noiseState >>> 7;
            noiseState ^= noiseState << 17;
            sum += (noiseState >>> 11) * 0x1.0p-53;
        }
        return (sum - 2) * 1.7320508;
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
