import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Choice, CriticalNotification, CriticalState } from '../api/portal';
import type { ServiceLine } from '../api/types';
import { portal } from '../api/portal';
import { t, tEnum, useLocale } from '../i18n';
import { inform, reportError } from '../messages';
import { personName } from '../screens/parts';
import { clock, dateTime, useNow } from '../time';
import { CRITICAL_POLL_MS, refreshCriticalSummary } from './criticalSummary';

const WAITING: CriticalState[] = ['OPEN', 'LATE'];
const ALL: CriticalState[] = ['OPEN', 'LATE', 'ACKNOWLEDGED'];

/** The facility's critical values (危急值): each acknowledged by a named user, who says whom they informed. */
export function CriticalScreen() {
  const [withAcknowledged, setWithAcknowledged] = useState(false);
  const [items, setItems] = useState<CriticalNotification[] | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await portal.criticalValues(withAcknowledged ? ALL : WAITING));
    } catch (e) {
      reportError(e);
    }
  }, [withAcknowledged]);

  useEffect(() => {
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), CRITICAL_POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const categories = useCategories(items);
  const acknowledged = () => {
    load();
    refreshCriticalSummary();
  };

  return (
    <section class="critical-values" aria-labelledby="critical-title">
      <h1 id="critical-title">{t('portal.critical.title')}</h1>
      <p class="hint">{t('portal.critical.hint')}</p>
      <label class="toggle">
        <input type="checkbox" checked={withAcknowledged} onChange={(e) => setWithAcknowledged((e.currentTarget as HTMLInputElement).checked)} />
        {t('portal.critical.showAcknowledged')}
      </label>
      {items === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="empty">{t('portal.critical.none')}</p>
      ) : (
        <ul class="critical-list">
          {items.map((n) => <Notification key={n.id} n={n} category={categories.get(`${n.serviceLine}/${n.category}`)} onAcknowledged={acknowledged} />)}
        </ul>
      )}
    </section>
  );
}

/**
 * The names of the critical-result categories of the lines shown (a report's category is a code of its line's
 * list; an ECG analysis' flag codes are not on it and stay as they are, its summary says them in words).
 */
function useCategories(items: CriticalNotification[] | null): Map<string, Choice> {
  const [names, setNames] = useState<Map<string, Choice>>(new Map());
  const lines = [...new Set((items ?? []).map((n) => n.serviceLine))].sort().join(',');
  useEffect(() => {
    if (!lines) {
      return;
    }
    Promise.all(lines.split(',').map((l) => portal.criticalCategories(l as ServiceLine).then((cs) => cs.map((c) => [`${l}/${c.code}`, c] as const))))
      .then((all) => setNames(new Map(all.flat())), reportError);
  }, [lines]);
  return names;
}

function Notification({ n, category, onAcknowledged }: { n: CriticalNotification; category?: Choice; onAcknowledged: () => void }) {
  const locale = useLocale();
  const now = useNow();
  const [name, setName] = useState('');
  const [clinician, setClinician] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const left = new Date(n.deadlineAt).getTime() - now;
  const titleId = `critical-${n.id}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const done = await portal.acknowledge(n.id, { name: name.trim() || undefined, informedClinician: clinician.trim() || undefined,
        note: note.trim() || undefined });
      inform('portal.critical.done', { name: done.acknowledgement?.name ?? '' });
      onAcknowledged();
    } catch (err) {
      reportError(err);
      onAcknowledged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`critical-item state-${n.state}`} data-critical={n.id} aria-labelledby={titleId}>
      <h2 id={titleId}>
        <span class={`badge state-${n.state}`}>{tEnum('portal.critical.state', n.state)}</span>{' '}
        <span class="patient-name">{personName(n.patientName)}</span>{' '}
        <span class="sub-inline">
          {[n.patientId, tEnum('line', n.serviceLine), category ? (locale === 'en' ? category.en : category.zh) : n.category].filter(Boolean).join(' · ')}
        </span>
      </h2>
      <p class="summary">{n.summary}</p>
      <p class="sub">
        {t('portal.critical.raised', { time: dateTime(n.raisedAt, locale) })}
        {' · '}
        {n.state === 'ACKNOWLEDGED'
          ? t('portal.critical.deadline', { time: dateTime(n.deadlineAt, locale) })
          : left >= 0
            ? t('portal.critical.left', { time: clock(left) })
            : t('portal.critical.overdue', { time: clock(-left) })}
        {n.reportId !== null && (
          <>
            {' · '}
            <a href={`/portal/reports/${n.reportId}`}>{t('portal.critical.report', { version: n.reportVersion ?? '' })}</a>
          </>
        )}
      </p>
      {n.state === 'LATE' && n.escalationContact && (
        <p class="escalated">{t('portal.critical.escalated', { name: n.escalationContact.name ?? '', phone: n.escalationContact.phone ?? '' })}</p>
      )}
      {n.acknowledgement ? (
        <p class="acknowledged" data-testid="acknowledgement">
          {t('portal.critical.acknowledgedBy', { name: n.acknowledgement.name, user: n.acknowledgement.username,
            time: dateTime(n.acknowledgement.at, locale) })}
          {n.acknowledgement.informedClinician && ' · ' + t('portal.critical.informed', { name: n.acknowledgement.informedClinician })}
        </p>
      ) : (
        <form class="acknowledge" onSubmit={submit} aria-label={t('portal.critical.formLabel', { patient: personName(n.patientName) })}>
          <label>
            <span>{t('portal.critical.name')}</span>
            <input value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} placeholder={t('portal.critical.nameHint')}
              maxLength={200} />
          </label>
          <label>
            <span>{t('portal.critical.clinician')}</span>
            <input value={clinician} onInput={(e) => setClinician((e.currentTarget as HTMLInputElement).value)} maxLength={200} />
          </label>
          <label>
            <span>{t('portal.critical.note')}</span>
            <input value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} maxLength={1000} />
          </label>
          <button type="submit" class="primary" disabled={busy}>{t('portal.critical.acknowledge')}</button>
        </form>
      )}
    </li>
  );
}
