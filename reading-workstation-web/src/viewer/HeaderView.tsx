import { useMemo, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { DicomJson } from './dicomweb';

function shown(v: DicomJson[string]): string {
  if (v.BulkDataURI) {
    return t('viewer.headerBulk');
  }
  if (v.InlineBinary) {
    return t('viewer.headerBinary');
  }
  return (v.Value ?? [])
    .map((x) => (x && typeof x === 'object' ? ((x as { Alphabetic?: string }).Alphabetic ?? JSON.stringify(x)) : String(x)))
    .join('\\');
}

/**
 * The DICOM header of one instance of the shown series, as the series' /metadata gave it (PS3.18 §F.2 JSON):
 * tag, VR and value, filtered by tag or value; sequences are shown as JSON, bulk data by reference.
 */
export function HeaderView({ instances, onClose }: { instances: DicomJson[]; onClose: () => void }) {
  const [index, setIndex] = useState(0);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const ds = instances[Math.min(index, instances.length - 1)] ?? {};
    const f = filter.trim().toLowerCase();
    return Object.keys(ds)
      .sort()
      .map((tag) => ({ tag: `(${tag.slice(0, 4)},${tag.slice(4)})`, vr: ds[tag].vr, value: shown(ds[tag]) }))
      .filter((r) => !f || r.tag.toLowerCase().includes(f) || r.value.toLowerCase().includes(f));
  }, [instances, index, filter]);
  return (
    <aside class="header-view" aria-label={t('viewer.header')} data-testid="header-view">
      <div class="header-controls">
        <label>
          {t('viewer.headerInstance')}{' '}
          <input type="number" min={1} max={instances.length} value={index + 1}
            onInput={(e) => setIndex(Math.max(0, Number((e.target as HTMLInputElement).value) - 1))} />
          {' '}/ {instances.length}
        </label>
        <label>
          {t('viewer.headerFilter')}{' '}
          <input type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" onClick={onClose}>{t('viewer.close')}</button>
      </div>
      <table>
        <thead>
          <tr><th>{t('viewer.headerTag')}</th><th>VR</th><th>{t('viewer.headerValue')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr><td><code>{r.tag}</code></td><td>{r.vr}</td><td>{r.value}</td></tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
