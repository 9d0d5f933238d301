import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceEntry, FacilityView } from '../api/admin';
import { admin, newApiKey } from '../api/admin';
import { t } from '../i18n';
import { inform, reportError } from '../messages';

/** Device kinds the registry knows by convention (the modality, or ECG for an ECG cart that uploads over HTTP). */
const KINDS = ['DX', 'CR', 'US', 'CT', 'MR', 'MG', 'ECG'];

interface DeviceDraft {
  aeTitle: string;
  kind: string;
  hosts: string;
  apiKeySet: boolean;
  /** A key made in this form, shown until the form is left; sent once with the save. */
  newKey: string | null;
  kept: Omit<DeviceEntry, 'aeTitle' | 'kind' | 'hosts' | 'apiKey'>;
}

interface FacilityDraft {
  id: string;
  name: string;
  defaultCharacterSet: string;
  destAe: string;
  destHost: string;
  destPort: string;
  devices: DeviceDraft[];
  /** What the form does not edit (patient identity, HL7, FHIR, critical-value channels), sent back unchanged. */
  rest: Record<string, unknown>;
  isNew: boolean;
}

function draftOf(f: FacilityView | null): FacilityDraft {
  if (!f) {
    return { id: '', name: '', defaultCharacterSet: 'GB18030', destAe: '', destHost: '', destPort: '', devices: [], rest: {}, isNew: true };
  }
  const { id, name, defaultCharacterSet, reportDestination, devices, ...rest } = f;
  return {
    id,
    name,
    defaultCharacterSet: defaultCharacterSet ?? '',
    destAe: reportDestination?.aeTitle ?? '',
    destHost: reportDestination?.host ?? '',
    destPort: reportDestination ? String(reportDestination.port) : '',
    devices: devices.map(({ aeTitle, kind, hosts, apiKeySet, ...kept }) => ({
      aeTitle, kind: kind ?? '', hosts: hosts.join(', '), apiKeySet: !!apiKeySet, newKey: null, kept,
    })),
    rest,
    isNew: false,
  };
}

/** Facilities and their devices (AE titles, allowed hosts, API keys made here and shown once). */
export function FacilitiesPanel() {
  const [list, setList] = useState<FacilityView[] | null>(null);
  const [draft, setDraft] = useState<FacilityDraft | null>(null);
  const load = useCallback(() => admin.facilities().then(setList, reportError), []);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <div class="panel">
      <div class="panel-head">
        <h2>{t('admin.facilities')}</h2>
        <button type="button" class="primary" onClick={() => setDraft(draftOf(null))}>{t('admin.facility.new')}</button>
      </div>
      {list === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : (
        <table class="tasks" data-testid="facilities">
          <thead>
            <tr>
              <th scope="col">{t('admin.facility.id')}</th>
              <th scope="col">{t('admin.facility.name')}</th>
              <th scope="col">{t('admin.facility.devices')}</th>
              <th scope="col">{t('admin.facility.destination')}</th>
              <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id} data-facility={f.id}>
                <td>{f.id}</td>
                <td>{f.name}</td>
                <td>
                  {f.devices.map((d) => (
                    <span class="device" data-ae={d.aeTitle}>
                      {d.aeTitle} <span class="sub-inline">{[d.kind, d.hosts.join(' '), d.apiKeySet ? t('admin.device.keySet') : null].filter(Boolean).join(' · ')}</span>
                    </span>
                  ))}
                </td>
                <td>{f.reportDestination ? `${f.reportDestination.aeTitle}@${f.reportDestination.host}:${f.reportDestination.port}` : ''}</td>
                <td>
                  <button type="button" onClick={() => setDraft(draftOf(f))} aria-label={t('admin.facility.editLabel', { id: f.id })}>
                    {t('admin.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {draft && (
        <FacilityForm key={draft.id || 'new'} initial={draft} onDone={(saved) => {
          if (saved) {
            load();
          }
        }} onClose={() => setDraft(null)} />
      )}
    </div>
  );
}

function FacilityForm({ initial, onDone, onClose }: { initial: FacilityDraft; onDone: (saved: boolean) => void; onClose: () => void }) {
  const [d, setD] = useState(initial);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = <K extends keyof FacilityDraft>(k: K, v: FacilityDraft[K]) => setD({ ...d, [k]: v });
  const setDevice = (i: number, change: Partial<DeviceDraft>) =>
    setD({ ...d, devices: d.devices.map((x, j) => (j === i ? { ...x, ...change } : x)) });
  const val = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const devices: DeviceEntry[] = d.devices.map((x) => ({
        ...x.kept,
        aeTitle: x.aeTitle.trim(),
        kind: x.kind || null,
        hosts: x.hosts.split(/[\s,]+/).filter(Boolean),
        ...(x.newKey ? { apiKey: x.newKey } : {}),
      }));
      const body = {
        ...d.rest,
        id: d.id.trim(),
        name: d.name.trim(),
        defaultCharacterSet: d.defaultCharacterSet.trim() || null,
        ...(d.destAe.trim() ? { reportDestination: { aeTitle: d.destAe.trim(), host: d.destHost.trim(), port: Number(d.destPort) } } : {}),
        devices,
      };
      const saved = await admin.saveFacility(body.id, body);
      inform('admin.facility.saved', { id: saved.id });
      // the keys stay on screen (once) after the save; the form now edits what was saved
      setD({ ...draftOf(saved), devices: draftOf(saved).devices.map((x) => ({ ...x, newKey: d.devices.find((o) => o.aeTitle.trim() === x.aeTitle)?.newKey ?? null })) });
      onDone(true);
    } catch (err) {
      reportError(err);
      onDone(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="edit-form" onSubmit={save} aria-labelledby="facility-form-title" data-testid="facility-form">
      <h3 id="facility-form-title">{d.isNew ? t('admin.facility.new') : t('admin.facility.editLabel', { id: d.id })}</h3>
      <div class="fields">
        <label>
          <span>{t('admin.facility.id')}</span>
          <input ref={first} value={d.id} onInput={(e) => set('id', val(e))} required disabled={!d.isNew} />
        </label>
        <label>
          <span>{t('admin.facility.name')}</span>
          <input value={d.name} onInput={(e) => set('name', val(e))} required />
        </label>
        <label>
          <span>{t('admin.facility.charset')}</span>
          <input value={d.defaultCharacterSet} onInput={(e) => set('defaultCharacterSet', val(e))} placeholder="GB18030" />
        </label>
      </div>
      <fieldset>
        <legend>{t('admin.facility.destination')}</legend>
        <div class="fields">
          <label><span>{t('admin.device.ae')}</span><input value={d.destAe} onInput={(e) => set('destAe', val(e))} maxLength={16} /></label>
          <label><span>{t('admin.device.host')}</span><input value={d.destHost} onInput={(e) => set('destHost', val(e))} /></label>
          <label><span>{t('admin.device.port')}</span><input value={d.destPort} onInput={(e) => set('destPort', val(e))} inputMode="numeric" size={6} /></label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('admin.facility.devices')}</legend>
        {d.devices.map((x, i) => (
          <div class="device-row" data-device={i}>
            <label><span>{t('admin.device.ae')}</span>
              <input value={x.aeTitle} onInput={(e) => setDevice(i, { aeTitle: val(e) })} required maxLength={16} />
            </label>
            <label><span>{t('admin.device.kind')}</span>
              <select value={x.kind} onChange={(e) => setDevice(i, { kind: (e.currentTarget as HTMLSelectElement).value })}>
                <option value="">—</option>
                {KINDS.map((k) => <option value={k}>{k}</option>)}
              </select>
            </label>
            <label><span>{t('admin.device.hosts')}</span>
              <input value={x.hosts} onInput={(e) => setDevice(i, { hosts: val(e) })} placeholder="10.20.1.7, 10.20.1.8" />
            </label>
            <div class="key">
              <span class="sub">{x.newKey ? t('admin.device.keyNew') : x.apiKeySet ? t('admin.device.keySet') : t('admin.device.keyNone')}</span>
              {x.newKey ? (
                <output class="api-key" data-testid="api-key" aria-label={t('admin.device.keyLabel', { ae: x.aeTitle })}>{x.newKey}</output>
              ) : (
                <button type="button" onClick={() => setDevice(i, { newKey: newApiKey() })}>{t('admin.device.makeKey')}</button>
              )}
            </div>
            <button type="button" class="link" onClick={() => setD({ ...d, devices: d.devices.filter((_, j) => j !== i) })}
              aria-label={t('admin.device.removeLabel', { ae: x.aeTitle })}>{t('admin.remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => setD({ ...d, devices: [...d.devices, { aeTitle: '', kind: '', hosts: '', apiKeySet: false, newKey: null, kept: {} }] })}>
          {t('admin.device.add')}
        </button>
        {d.devices.some((x) => x.newKey) && <p class="key-warning" role="note">{t('admin.device.keyOnce')}</p>}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{t('admin.save')}</button>
        <button type="button" onClick={onClose}>{t('action.close')}</button>
      </div>
    </form>
  );
}
