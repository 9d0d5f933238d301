import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { EcgWaveform } from '../api/ecg';
import { t } from '../i18n';
import { calibrationPath, gridPath, tracePoints, WIDTH_MM, type Paper } from './paper';

/** The printout's colours (EcgRenderer: minor and major grid, ink). */
const MINOR = 'rgb(255,200,200)';
const MAJOR = 'rgb(235,120,120)';
const INK = 'rgb(20,20,20)';

export interface Point {
  xMm: number;
  yMm: number;
}

export interface Caliper {
  a: Point;
  b: Point;
}

/** What a caliper reads: time between its ends, the rate that interval means, voltage difference (b above a: +). */
export function reading(c: Caliper, p: Paper): { ms: number; bpm: number | null; mv: number } {
  const ms = (Math.abs(c.b.xMm - c.a.xMm) / p.speed) * 1000;
  return { ms, bpm: ms > 0 ? 60000 / ms : null, mv: (c.a.yMm - c.b.yMm) / p.gain };
}

interface Props {
  /** The samples: a resting ECG's, or a Holter strip's (the same lead arrays in uV). */
  wave: Pick<EcgWaveform, 'leads' | 'sampleRateHz'>;
  paper: Paper;
  pxPerMm: number;
  caliper: Caliper | null;
  onCaliper: (c: Caliper | null) => void;
  /** Drawn over the tracing in the paper's mm (the Holter strip's beat letters). */
  children?: ComponentChildren;
  /** The accessible name, when it is not a resting layout's. */
  label?: string;
}

/**
 * The tracing as SVG in millimetre user units: the viewBox is the paper in mm and the element is that many mm
 * times pxPerMm wide, so the 1 mm / 5 mm grid, the traces and the calipers stay calibrated at every zoom (grid
 * lines keep one screen pixel, snapped to pixels). Dragging on it sets the caliper.
 */
export function EcgPaper({ wave, paper: p, pxPerMm, caliper, onCaliper, children, label }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  /** Where the drag started; a ref, so that every pointer event sees it at once (not after a re-render). */
  const anchor = useRef<Point | null>(null);
  const leads = new Map(wave.leads.map((l) => [l.name, l.samplesUv]));
  const traceWidth = Math.max(0.22, 1.1 / pxPerMm);

  const at = (e: PointerEvent): Point => {
    const r = svg.current!.getBoundingClientRect();
    return { xMm: (e.clientX - r.left) / pxPerMm, yMm: (e.clientY - r.top) / pxPerMm };
  };
  const down = (e: PointerEvent) => {
    if (e.button !== 0) {
      return;
    }
    svg.current!.setPointerCapture(e.pointerId);
    anchor.current = at(e);
    onCaliper({ a: anchor.current, b: anchor.current });
  };
  const move = (e: PointerEvent) => {
    if (anchor.current) {
      onCaliper({ a: anchor.current, b: at(e) });
    }
  };
  const up = (e: PointerEvent) => {
    const a = anchor.current;
    anchor.current = null;
    if (!a) {
      return;
    }
    const b = at(e);
    // a click without a drag clears the caliper
    onCaliper(Math.abs(a.xMm - b.xMm) < 0.3 && Math.abs(a.yMm - b.yMm) < 0.3 ? null : { a, b });
  };

  const rowBaselines = Array.from({ length: p.rows }, (_, r) => (r + 0.6) * p.rowMm);
  return (
    <svg
      ref={svg}
      class="ecg-paper"
      width={WIDTH_MM * pxPerMm}
      height={p.heightMm * pxPerMm}
      viewBox={`0 0 ${WIDTH_MM} ${p.heightMm}`}
      data-px-per-mm={pxPerMm}
      data-layout={p.layout}
      data-speed={p.speed}
      data-gain={p.gain}
      role="img"
      aria-label={label ?? t('ecg.paperLabel', { layout: p.layout, speed: p.speed, gain: p.gain })}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
    >
      <rect x="0" y="0" width={WIDTH_MM} height={p.heightMm} fill="#fff" />
      <path class="grid-minor" d={gridPath(p, 1, 5)} stroke={MINOR} stroke-width="1" vector-effect="non-scaling-stroke" shape-rendering="crispEdges" fill="none" />
      <path class="grid-major" d={gridPath(p, 5)} stroke={MAJOR} stroke-width={pxPerMm >= 6 ? 2 : 1} vector-effect="non-scaling-stroke" shape-rendering="crispEdges" fill="none" />
      <g fill="none" stroke={INK} stroke-width={traceWidth} stroke-linejoin="round">
        {rowBaselines.map((b, r) => (
          <path class="calibration" data-row={r} d={calibrationPath(b, p)} />
        ))}
        {p.cells.map((c) => {
          const samples = leads.get(c.lead);
          return (
            <g key={`${c.row}-${c.column}`}>
              {c.column > 0 && <line x1={c.x0Mm} x2={c.x0Mm} y1={c.baselineMm - 3} y2={c.baselineMm + 3} />}
              {samples && (
                <polyline
                  class={c.rhythm ? 'trace rhythm' : 'trace'}
                  data-lead={c.lead}
                  data-row={c.row}
                  data-column={c.column}
                  data-from-s={c.fromS}
                  data-baseline-mm={c.baselineMm}
                  points={tracePoints(c, samples, wave.sampleRateHz, p)}
                />
              )}
            </g>
          );
        })}
      </g>
      <g class="labels" fill={INK} font-size="3.2" font-weight="700">
        {p.cells.map((c) => (
          <text x={c.x0Mm + 1} y={c.baselineMm - 0.45 * p.rowMm}>{c.label ?? c.lead}</text>
        ))}
      </g>
      {children}
      {caliper && <CaliperMarks c={caliper} p={p} pxPerMm={pxPerMm} />}
    </svg>
  );
}

function CaliperMarks({ c, p, pxPerMm }: { c: Caliper; p: Paper; pxPerMm: number }) {
  const r = reading(c, p);
  const w = 1.5 / pxPerMm;
  const left = Math.min(c.a.xMm, c.b.xMm);
  return (
    <g class="caliper" stroke="#1565c0" stroke-width={w} fill="none" pointer-events="none">
      <line x1={c.a.xMm} x2={c.a.xMm} y1={0} y2={p.heightMm} stroke-dasharray={`${4 / pxPerMm} ${3 / pxPerMm}`} />
      <line x1={c.b.xMm} x2={c.b.xMm} y1={0} y2={p.heightMm} stroke-dasharray={`${4 / pxPerMm} ${3 / pxPerMm}`} />
      <line x1={c.a.xMm} x2={c.b.xMm} y1={c.a.yMm} y2={c.a.yMm} />
      <line x1={c.b.xMm - 2} x2={c.b.xMm + 2} y1={c.b.yMm} y2={c.b.yMm} />
      <text x={left + 1} y={Math.max(4, c.a.yMm - 1.5)} fill="#1565c0" stroke="none" font-size={Math.max(3, 12 / pxPerMm)}>
        {t('ecg.caliperReadout', { ms: Math.round(r.ms), bpm: r.bpm ? Math.round(r.bpm) : '—', mv: r.mv.toFixed(2) })}
      </text>
    </g>
  );
}
