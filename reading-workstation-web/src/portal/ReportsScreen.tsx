import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReportItem, ReportSearch, Verification } from '../api/portal';
import { portal } from '../api/portal';
import { t, tEnum } from '../i18n';
import { reportError } from '../messages';
import { personName } from '../screens/parts';
import { VerificationResult } from './VerificationResult';

/** Screen 6: the facility's released reports, searched by patient, study date and modality (the API scopes them). */
export function ReportsScreen() {
  const [form, setForm] = useState<ReportSearch>({});
  const [items, setItems] = useState<ReportItem[] | null>(null);
  const first = useRef<HTMLInputElement>(null);

  const search = useCallback(async (q: ReportSearch) => {
    try {
      setItems(await portal.reports(q));
    } catch (e) {
      reportError(e);
    }
  }, []);

  useEffect(() => {
    search({});
  }, [search]);

  const set = (k: keyof ReportSearch) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value.trim() });
  const submit = (e: Event) => {
    e.preventDefault();
    search(form);
  };
  const clear = () => {
    setForm({});
    search({});
    first.current?.focus();
  };

  return (
    <section class="portal" aria-labelledby="portal-title">
      <h1 id="portal-title">{t('portal.title')}</h1>
      <form class="filters" onSubmit={submit} aria-label={t('portal.search')} role="search">
        <label>
          <span>{t('portal.patient')}</span>
          <input ref={first} name="patient" value={form.patient ?? ''} onInput={set('patient')} placeholder={t('portal.patientHint')} />
        </label>
        <label>
          <span>{t('portal.from')}</span>
          <input type="date" name="from" value={form.from ?? ''} onInput={set('from')} />
        </label>
        <label>
          <span>{t('portal.to')}</span>
          <input type="date" name="to" value={form.to ?? ''} onInput={set('to')} />
        </label>
        <label>
          <span>{t('portal.modality')}</span>
          <input name="modality" value={form.modality ?? ''} onInput={set('modality')} placeholder="DX, US, ECG" size={8} />
        </label>
        <button type="submit" class="primary">{t('portal.searchButton')}</button>
        <button type="button" onClick={clear}>{t('filter.clear')}</button>
      </form>

      {items === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="empty">{t('portal.none')}</p>
      ) : (
        <table class="tasks reports" data-testid="reports">
          <caption class="visually-hidden">{t('portal.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.patient')}</th>
              <th scope="col">{t('col.exam')}</th>
              <th scope="col">{t('portal.studyDate')}</th>
              <th scope="col">{t('portal.line')}</th>
              <th scope="col">{t('portal.versions')}</th>
              <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-report={r.id}>
                <td>
                  <span class="patient-name">{personName(r.patient.name)}</span>
                  <span class="sub">{[r.patient.id, r.patient.sex ? tEnum('sex', r.patient.sex) : null].filter(Boolean).join(' · ')}</span>
                </td>
                <td>
                  <span>{[r.examination.modalities.join('/'), r.examination.description].filter(Boolean).join(' ')}</span>
                  <span class="sub">{r.examination.accessionNumber}</span>
                </td>
                <td>{r.examination.studyDate}</td>
                <td>{tEnum('line', r.serviceLine)}</td>
                <td>
                  {r.currentVersion
                    ? t('portal.currentVersion', { version: r.currentVersion })
                    : <span class="badge preliminary">{t('portal.preliminaryOnly')}</span>}
                  {r.currentVersion !== null && r.currentVersion > 1 && <span class="badge amended">{t('portal.amended')}</span>}
                </td>
                <td>
                  <a href={`/portal/reports/${r.id}`} class="button" aria-label={t('portal.openLabel', { patient: personName(r.patient.name) })}>
                    {t('portal.open')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <VerifyUpload />
    </section>
  );
}

/** A PDF the clinic has (received by e-mail, scanned in, downloaded before): is it ours, unchanged, current? */
function VerifyUpload() {
  const [result, setResult] = useState<Verification | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setResult(null);
    if (!file) {
      return;
    }
    setBusy(true);
    try {
      setResult(await portal.verify(file));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="verify-upload" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('portal.verify.uploadTitle')}</h2>
      <label>
        <span>{t('portal.verify.uploadLabel')}</span>
        <input type="file" accept="application/pdf,.pdf" onChange={check} disabled={busy} data-testid="verify-file" />
      </label>
      <div aria-live="polite">{result && <VerificationResult result={result} />}</div>
    </section>
  );
}
