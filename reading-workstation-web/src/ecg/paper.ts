/**
 * ECG paper geometry in millimetres, the same page as ecg-ingest's EcgRenderer (the PDF/PNG printout): a 10 mm
 * calibration margin, 250 mm of trace, rows whose height follows the gain, baselines at 0.6 of a row, leads in
 * column-major print order, and for 3x4 a full-width rhythm strip of lead II. Kept equal to the renderer so
 * that the screen and the paper show one trace (EcgViewerTest compares them numerically).
 */

export type Layout = '3x4' | '6x2' | '12x1';
export const layouts: readonly Layout[] = ['3x4', '6x2', '12x1'];
export const speeds = [25, 50] as const;
export const gains = [5, 10, 20] as const;

interface LayoutSpec {
  rows: number;
  columns: number;
  rhythmStrip: boolean;
  /** Row pitch in mV, so that rows grow with the gain as on paper. */
  rowMillivolts: number;
}

const specs: Record<Layout, LayoutSpec> = {
  '3x4': { rows: 3, columns: 4, rhythmStrip: true, rowMillivolts: 3.0 },
  '6x2': { rows: 6, columns: 2, rhythmStrip: false, rowMillivolts: 2.6 },
  '12x1': { rows: 12, columns: 1, rhythmStrip: false, rowMillivolts: 2.2 },
};

const PRINT_ORDER = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

export const CALIBRATION_MM = 10;
export const TRACE_MM = 250;
export const WIDTH_MM = CALIBRATION_MM + TRACE_MM;
/** The 1 mV calibration pulse is 0.2 s wide. */
const CALIBRATION_S = 0.2;

/** CSS pixels per millimetre at zoom 1 (CSS: 96 px to the inch). */
export const CSS_PX_PER_MM = 96 / 25.4;

/** One trace on the paper: a lead from `fromS` for `seconds`, starting at x0Mm on a row's baseline. */
export interface Cell {
  lead: string;
  row: number;
  column: number;
  rhythm: boolean;
  x0Mm: number;
  baselineMm: number;
  fromS: number;
  seconds: number;
  /** What the row is labelled with instead of the lead (a full-disclosure row's time). */
  label?: string;
}

export interface Paper {
  /** A resting layout, or 'strip': rows of one time window each (the Holter review's strips). */
  layout: Layout | 'strip';
  speed: number;
  gain: number;
  rows: number;
  rowMm: number;
  heightMm: number;
  cells: Cell[];
}

export function paper(layout: Layout, speed: number, gain: number, leadNames: string[]): Paper {
  const s = specs[layout];
  const rows = s.rows + (s.rhythmStrip ? 1 : 0);
  const rowMm = Math.max(12, Math.ceil((s.rowMillivolts * gain) / 5) * 5);
  const baseline = (row: number) => (row + 0.6) * rowMm;
  const shownS = TRACE_MM / speed;
  const columnS = shownS / s.columns;
  const columnMm = TRACE_MM / s.columns;
  const cells: Cell[] = [];
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.columns; c++) {
      cells.push({
        lead: PRINT_ORDER[c * s.rows + r],
        row: r,
        column: c,
        rhythm: false,
        x0Mm: CALIBRATION_MM + c * columnMm,
        baselineMm: baseline(r),
        fromS: c * columnS,
        seconds: columnS,
      });
    }
  }
  if (s.rhythmStrip && leadNames.length > 0) {
    const lead = leadNames.includes('II') ? 'II' : leadNames[0];
    cells.push({ lead, row: s.rows, column: 0, rhythm: true, x0Mm: CALIBRATION_MM, baselineMm: baseline(s.rows), fromS: 0, seconds: shownS });
  }
  return { layout, speed, gain, rows, rowMm, heightMm: rows * rowMm, cells };
}

/** The trace of a cell as polyline points in mm: x from the sample time, y down from the baseline by gain. */
export function tracePoints(cell: Cell, samplesUv: number[], fs: number, p: Paper): string {
  const first = Math.round(cell.fromS * fs);
  const last = Math.min(samplesUv.length - 1, Math.round((cell.fromS + cell.seconds) * fs) - 1);
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const x = cell.x0Mm + ((i - first) / fs) * p.speed;
    const y = cell.baselineMm - (samplesUv[i] / 1000) * p.gain;
    out.push(`${x.toFixed(3)},${y.toFixed(3)}`);
  }
  return out.join(' ');
}

/** The 1 mV pulse at the start of a row, as the renderer draws it (2 mm in, 1 mm steps either side). */
export function calibrationPath(baselineMm: number, p: Paper): string {
  const x = 2;
  const w = CALIBRATION_S * p.speed;
  const top = baselineMm - p.gain;
  return `M${x},${baselineMm} H${x + 1} V${top} H${x + 1 + w} V${baselineMm} H${x + 2 + w}`;
}

/** Grid lines every `stepMm` across the paper, as one path. */
export function gridPath(p: Paper, stepMm: number, skipEvery = 0): string {
  const parts: string[] = [];
  for (let mm = 0, i = 0; mm <= WIDTH_MM + 1e-9; mm += stepMm, i++) {
    if (!(skipEvery && i % skipEvery === 0)) {
      parts.push(`M${mm},0V${p.heightMm}`);
    }
  }
  for (let mm = 0, i = 0; mm <= p.heightMm + 1e-9; mm += stepMm, i++) {
    if (!(skipEvery && i % skipEvery === 0)) {
      parts.push(`M0,${mm}H${WIDTH_MM}`);
    }
  }
  return parts.join('');
}

/** Full disclosure rows (a Holter strip): each row one lead from `fromS` for the trace's width at `speed`. */
export interface StripRow {
  lead: string;
  fromS: number;
  label?: string;
}

/**
 * The same page as {@link paper} (calibration margin, 250 mm of trace, rows that grow with the gain, baselines at
 * 0.6 of a row) with one trace a row: 10 s at 25 mm/s, as a Holter full disclosure print has it.
 */
export function stripPaper(rows: StripRow[], speed: number, gain: number): Paper {
  const rowMm = Math.max(12, Math.ceil((2.2 * gain) / 5) * 5);
  const seconds = TRACE_MM / speed;
  const cells: Cell[] = rows.map((r, i) => ({
    lead: r.lead,
    row: i,
    column: 0,
    rhythm: false,
    x0Mm: CALIBRATION_MM,
    baselineMm: (i + 0.6) * rowMm,
    fromS: r.fromS,
    seconds,
    label: r.label,
  }));
  return { layout: 'strip', speed, gain, rows: rows.length, rowMm, heightMm: rows.length * rowMm, cells };
}
