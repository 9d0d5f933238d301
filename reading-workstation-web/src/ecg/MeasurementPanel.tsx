import type { EcgAnalysis } from '../api/ecg';
import { t, useLocale, type MessageKey } from '../i18n';

type Value = number | null | undefined;

function v(x: Value): string {
  return x === null || x === undefined ? '—' : String(Math.round(x));
}

/** Our measurements next to the device's (ecg-ingest EcgJson.analysis), then the statements of both. */
export function MeasurementPanel({ analysis: a }: { analysis: EcgAnalysis }) {
  const locale = useLocale();
  const d = a.deviceMeasurements;
  const axes = (p: Value, q: Value, tt: Value) => [p, q, tt].map(v).join(' / ');
  const rows: [string, MessageKey, string, string][] = [
    ['heartRate', 'ecg.m.heartRate', v(a.heartRateBpm), v(d.heartRateBpm)],
    ['rr', 'ecg.m.rr', v(a.rrMs), v(d.rrMs)],
    ['pDuration', 'ecg.m.pDuration', v(a.pDurationMs), '—'],
    ['pr', 'ecg.m.pr', v(a.prMs), v(d.prMs)],
    ['qrs', 'ecg.m.qrs', v(a.qrsMs), v(d.qrsMs)],
    ['qt', 'ecg.m.qt', v(a.qtMs), v(d.qtMs)],
    ['qtcBazett', 'ecg.m.qtcBazett', v(a.qtcBazettMs), v(d.qtcMs)],
    ['qtcFridericia', 'ecg.m.qtcFridericia', v(a.qtcFridericiaMs), '—'],
    ['axes', 'ecg.m.axes', axes(a.pAxisDeg, a.qrsAxisDeg, a.tAxisDeg), axes(d.pAxisDeg, d.qrsAxisDeg, d.tAxisDeg)],
  ];
  const text = (b: { zh: string; en: string }) => (locale === 'en' ? b.en : b.zh);
  return (
    <aside class="ecg-panel" aria-label={t('ecg.measurements')}>
      <table class="ecg-measurements" data-testid="ecg-measurements">
        <caption>{t('ecg.measurements')}</caption>
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">{t('ecg.ours')}</th>
            <th scope="col">{t('ecg.device')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([id, label, ours, device]) => (
            <tr data-measure={id}>
              <th scope="row">{t(label)}</th>
              <td class="ours">{ours}</td>
              <td class="device">{device}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('ecg.rhythm')}</h3>
      <p data-testid="ecg-rhythm">{text(a.rhythmText)}</p>
      <h3>{t('ecg.statements')}</h3>
      <ul class="ecg-statements" data-testid="ecg-statements">
        {a.statements.map((s) => (
          <li data-code={s.code}>{text(s)}</li>
        ))}
      </ul>
      {a.deviceStatements.length > 0 && (
        <>
          <h3>{t('ecg.deviceStatements')}</h3>
          <ul class="ecg-statements device">
            {a.deviceStatements.map((s) => (
              <li>{s}</li>
            ))}
          </ul>
        </>
      )}
      <p class="ecg-notice">{text(a.decisionSupport)}</p>
    </aside>
  );
}
