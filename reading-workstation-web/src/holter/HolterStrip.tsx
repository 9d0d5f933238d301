import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HolterStrip } from '../api/holter';
import { EcgPaper, reading, type Caliper } from '../ecg/EcgPaper';
import { CALIBRATION_MM, CSS_PX_PER_MM, stripPaper, WIDTH_MM, type StripRow } from '../ecg/paper';
import { t } from '../i18n';

const SPEED = 25;
const GAIN = 10;
/** Beat letters in the ink of a Holter printout: ectopics stand out. */
const LETTER_COLOUR: Record<string, string> = { V: '#c62828', S: '#1565c0', F: '#6a1b9a', Q: '#757575' };

/** The paper's width in CSS px: the scroller's width, measured in the next frame as the resting viewer does. */
function useFitWidth() {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setWidth(el.clientWidth));
    });
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);
  return { scroller, width };
}

interface Props {
  strip: HolterStrip;
  /** Which lead and which 10 s of the strip each row shows (fromS from the strip's start). */
  rows: StripRow[];
  label: string;
  testId: string;
}

/**
 * A Holter strip on the resting viewer's paper (EcgPaper: the calibrated 1 mm / 5 mm grid, the 1 mV pulse, the
 * calipers), 25 mm/s and 10 mm/mV, one 10 s row per lead or per 10 s of a minute, each beat's class letter under it.
 */
export function StripPaper({ strip, rows, label, testId }: Props) {
  const { scroller, width } = useFitWidth();
  const [caliper, setCaliper] = useState<Caliper | null>(null);
  const p = stripPaper(rows, SPEED, GAIN);
  const pxPerMm = width > 0 ? Math.max(1, (width - 2) / WIDTH_MM) : CSS_PX_PER_MM;
  const r = caliper && reading(caliper, p);
  return (
    <div class="holter-strip" data-testid={testId} data-start-s={strip.startSeconds.toFixed(3)} data-seconds={strip.seconds.toFixed(3)}>
      <div class="ecg-scroll" ref={scroller}>
        <EcgPaper wave={strip} paper={p} pxPerMm={pxPerMm} caliper={caliper} onCaliper={setCaliper} label={label}>
          <g class="beats" font-size="2.6" text-anchor="middle" font-weight="700">
            {p.cells.flatMap((c) =>
              strip.beats
                .filter((b) => b.seconds - strip.startSeconds >= c.fromS && b.seconds - strip.startSeconds < c.fromS + c.seconds)
                .map((b) => (
                  <text
                    class="beat"
                    data-class={b.beatClass}
                    data-frame={b.frame}
                    x={CALIBRATION_MM + (b.seconds - strip.startSeconds - c.fromS) * SPEED}
                    y={c.baselineMm + 0.36 * p.rowMm}
                    fill={LETTER_COLOUR[b.beatClass] ?? 'rgb(20,20,20)'}
                  >
                    {b.beatClass}
                  </text>
                )),
            )}
          </g>
        </EcgPaper>
      </div>
      <p class="ecg-caliper" aria-live="polite">
        {r
          ? t('ecg.caliperReadout', { ms: Math.round(r.ms), bpm: r.bpm ? Math.round(r.bpm) : '—', mv: r.mv.toFixed(2) })
          : t('holter.stripScale', { speed: SPEED, gain: GAIN })}
      </p>
    </div>
  );
}
