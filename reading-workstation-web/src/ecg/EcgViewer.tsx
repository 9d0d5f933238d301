import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { ecg, type EcgFilters, type EcgWaveform } from '../api/ecg';
import { t, useLocale, type MessageKey } from '../i18n';
import { reportError } from '../messages';
import { EcgPaper, reading, type Caliper } from './EcgPaper';
import { MeasurementPanel } from './MeasurementPanel';
import { CSS_PX_PER_MM, gains, layouts, paper, speeds, WIDTH_MM, type Layout } from './paper';

const zooms = [0.5, 0.75, 1, 1.5, 2, 3, 4] as const;
type Zoom = 'fit' | (typeof zooms)[number];
const LOW_PASS = [40, 60, 100, 150];
const layoutLabels: Record<Layout, MessageKey> = { '3x4': 'ecg.layout.3x4', '6x2': 'ecg.layout.6x2', '12x1': 'ecg.layout.12x1' };

function filtersText(f: EcgFilters): string {
  const band = f.highPassHz || f.lowPassHz ? `${f.highPassHz ?? 0}–${f.lowPassHz ?? '∞'} Hz` : t('ecg.unfiltered');
  return f.notchHz ? `${band}, ${t('ecg.notch', { hz: f.notchHz })}` : band;
}

/**
 * The ECG viewer of a study: 12-lead layouts 3x4 + rhythm strip, 6x2 and 12x1 at 25 or 50 mm/s and 5, 10 or
 * 20 mm/mV, the reader's filter switches (applied by the centre with the analysis' own filters), zoom on a
 * calibrated mm grid, calipers reading ms, bpm and mV, the measurement table and statements beside the tracing
 * and the critical flags above it. Mounted by the task page for ECG tasks and by /ecg/:study.
 */
export function EcgViewer({ studyUid }: { studyUid: string }) {
  useLocale();
  const [wave, setWave] = useState<EcgWaveform | null>(null);
  const [missing, setMissing] = useState(false);
  const [filters, setFilters] = useState<EcgFilters | undefined>(undefined);
  const [layout, setLayout] = useState<Layout>('3x4');
  const [speed, setSpeed] = useState<number>(25);
  const [gain, setGain] = useState<number>(10);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [caliper, setCaliper] = useState<Caliper | null>(null);
  const [fitWidth, setFitWidth] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let gone = false;
    ecg.waveform(studyUid, filters).then(
      (w) => !gone && setWave(w),
      (e) => {
        if (gone) {
          return;
        }
        if (e instanceof ApiError && e.status === 404) {
          setMissing(true);
        } else {
          reportError(e);
        }
      },
    );
    return () => {
      gone = true;
    };
  }, [studyUid, filters]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    // measured in the next frame: a width set from inside the observer's callback would re-trigger it in this one
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setFitWidth(el.clientWidth));
    });
    observer.observe(el);
    setFitWidth(el.clientWidth);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [wave !== null]);

  // a caliper is measured on one scale: a new speed, gain or layout starts a new one
  useEffect(() => setCaliper(null), [layout, speed, gain]);

  if (missing) {
    return <p class="ecg-none">{t('ecg.none')}</p>;
  }
  if (!wave) {
    return <p class="loading">{t('app.loading')}</p>;
  }
  const a = wave.analysis;
  const p = paper(layout, speed, gain, wave.leads.map((l) => l.name));
  const fitZoom = fitWidth > 0 ? Math.max(0.25, (fitWidth - 2) / (WIDTH_MM * CSS_PX_PER_MM)) : 1;
  const pxPerMm = CSS_PX_PER_MM * (zoom === 'fit' ? fitZoom : zoom);
  const applied = wave.filters;
  // the switches show what was asked for at once; the footer what the centre applied once it answers
  const asked = filters ?? applied;
  const configured = a?.filters.configured;
  const change = (f: Partial<EcgFilters>) => setFilters({ ...asked, ...f });
  const r = caliper && reading(caliper, p);

  return (
    <section class="ecg-viewer" aria-label={t('ecg.title')} data-study={studyUid}>
      {a && a.criticalFlags.length > 0 && (
        <div class="ecg-critical" role="alert" data-testid="ecg-critical">
          <strong>{t('ecg.critical')}</strong>
          <ul>
            {a.criticalFlags.map((f) => (
              <li data-code={f.code}>
                {f.zh} <span class="en">{f.en}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="ecg-toolbar" role="toolbar" aria-label={t('ecg.tools')}>
        <fieldset>
          <legend>{t('ecg.layout')}</legend>
          {layouts.map((l) => (
            <button type="button" aria-pressed={layout === l} data-layout={l} onClick={() => setLayout(l)}>
              {t(layoutLabels[l])}
            </button>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('ecg.speed')}</legend>
          {speeds.map((s) => (
            <button type="button" aria-pressed={speed === s} data-speed={s} onClick={() => setSpeed(s)}>
              {t('ecg.mmPerS', { v: s })}
            </button>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('ecg.gain')}</legend>
          {gains.map((g) => (
            <button type="button" aria-pressed={gain === g} data-gain={g} onClick={() => setGain(g)}>
              {t('ecg.mmPerMv', { v: g })}
            </button>
          ))}
        </fieldset>
        <fieldset class="ecg-filters">
          <legend>{t('ecg.filters')}</legend>
          <label>
            <input
              type="checkbox"
              checked={asked.highPassHz !== null}
              onChange={(e) => change({ highPassHz: e.currentTarget.checked ? configured?.highPassHz ?? 0.5 : null })}
            />
            {t('ecg.highPass', { hz: configured?.highPassHz ?? 0.5 })}
          </label>
          <label>
            {t('ecg.lowPass')}
            <select
              value={String(asked.lowPassHz ?? 0)}
              onChange={(e) => change({ lowPassHz: Number(e.currentTarget.value) || null })}
            >
              <option value="0">{t('ecg.off')}</option>
              {LOW_PASS.filter((hz) => hz < wave.sampleRateHz / 2).map((hz) => (
                <option value={String(hz)}>{hz} Hz</option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={asked.notchHz !== null}
              onChange={(e) => change({ notchHz: e.currentTarget.checked ? configured?.notchHz ?? 50 : null })}
            />
            {t('ecg.notch', { hz: configured?.notchHz ?? 50 })}
          </label>
          <button type="button" disabled={filters === undefined} onClick={() => setFilters(undefined)}>
            {t('ecg.filtersAsAnalysed')}
          </button>
        </fieldset>
        <label class="ecg-zoom">
          {t('ecg.zoom')}
          <select value={String(zoom)} onChange={(e) => setZoom(e.currentTarget.value === 'fit' ? 'fit' : (Number(e.currentTarget.value) as Zoom))}>
            <option value="fit">{t('ecg.zoomFit')}</option>
            {zooms.map((z) => (
              <option value={String(z)}>{Math.round(z * 100)}%</option>
            ))}
          </select>
          <span class="sub" data-testid="ecg-scale">{t('ecg.scale', { px: pxPerMm.toFixed(2) })}</span>
        </label>
      </div>
      <div class="ecg-body">
        <div class="ecg-main">
          <div class="ecg-scroll" ref={scroller}>
            <EcgPaper wave={wave} paper={p} pxPerMm={pxPerMm} caliper={caliper} onCaliper={setCaliper} />
          </div>
          <p class="ecg-footer" data-testid="ecg-footer">
            {t('ecg.footer', { speed, gain, filters: filtersText(applied) })}
          </p>
          <p class="ecg-caliper" data-testid="ecg-caliper" aria-live="polite">
            {r ? (
              <>
                <span data-ms={r.ms.toFixed(1)} data-bpm={r.bpm?.toFixed(1) ?? ''} data-mv={r.mv.toFixed(3)}>
                  {t('ecg.caliperReadout', { ms: Math.round(r.ms), bpm: r.bpm ? Math.round(r.bpm) : '—', mv: r.mv.toFixed(2) })}
                </span>{' '}
                <button type="button" class="link" onClick={() => setCaliper(null)}>{t('ecg.caliperClear')}</button>
              </>
            ) : (
              t('ecg.caliperHint')
            )}
          </p>
        </div>
        {a ? <MeasurementPanel analysis={a} /> : <p class="ecg-panel">{t('ecg.noAnalysis')}</p>}
      </div>
    </section>
  );
}
