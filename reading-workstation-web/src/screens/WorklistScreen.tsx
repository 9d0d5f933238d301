import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Priority, Queue, ServiceLine, TaskState, WorklistItem } from '../api/types';
import { priorities, taskStates } from '../api/types';
import { worklist } from '../api/worklist';
import { t, tEnum, useLocale } from '../i18n';
import { inform, reportError } from '../messages';
import { navigate } from '../router';
import { user, works } from '../session';
import { useShortcut } from '../shortcuts';
import { useStore } from '../store';
import { dateTime, localDay } from '../time';
import { DueCountdown, LateFlag, PriorityBadge, patientLine, personName } from './parts';

/**
 * New tasks appear by polling GET /api/worklist (not SSE): the API has no event stream, the list is one indexed
 * query that is cheap at this interval, polling passes every proxy a county network has, and it pauses while
 * the tab is hidden. SSE would hold a servlet connection per open workstation for little gain at 5 s.
 */
export const POLL_MS = 5000;

/** What each queue's list shows by default: its waiting state and the tasks being read in it. */
const defaultStates: Record<Queue, TaskState[]> = {
  READING: ['SCHEDULED', 'IN_PROGRESS'],
  COUNTERSIGN: ['AWAITING_COUNTERSIGN', 'IN_PROGRESS'],
  CONSULTATION: ['ESCALATED', 'IN_PROGRESS'],
};

const queueTitles = { READING: 'worklist.title', COUNTERSIGN: 'worklist.countersignTitle', CONSULTATION: 'worklist.consultationTitle' } as const;

interface Filters {
  facility: string;
  priority: Priority | '';
  state: TaskState | '';
  date: string;
}

function leaseRanOut(expires: string | null): boolean {
  return !!expires && new Date(expires).getTime() < Date.now();
}

const noFilters: Filters = { facility: '', priority: '', state: '', date: '' };

/** Screen 2: one queue of one service line, most urgent first, as the API sorts it. */
export function WorklistScreen({ line, queue }: { line: ServiceLine; queue: Queue }) {
  const locale = useLocale();
  const me = useStore(user)!;
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [items, setItems] = useState<WorklistItem[] | null>(null);
  const [updated, setUpdated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seen = useRef<Set<number> | null>(null);
  const seenKey = useRef('');
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const facilityInput = useRef<HTMLInputElement>(null);
  const canWork = works(me, queue, line);

  const load = useCallback(async () => {
    try {
      const page = await worklist.list({
        serviceLine: line,
        priority: filters.priority || undefined,
        facility: filters.facility || undefined,
        state: filters.state ? [filters.state] : defaultStates[queue],
      });
      const list = page.items.filter((i) => i.task.queue === queue);
      // "new" means new to this list as it is filtered: a changed filter starts afresh
      const key = JSON.stringify([line, queue, filters.priority, filters.facility, filters.state]);
      if (seenKey.current !== key) {
        seenKey.current = key;
        seen.current = null;
        setFresh(new Set());
      }
      if (seen.current) {
        const added = list.map((i) => i.task.id).filter((id) => !seen.current!.has(id));
        if (added.length) {
          setFresh(new Set(added));
        }
      }
      seen.current = new Set(list.map((i) => i.task.id));
      setItems(list);
      setUpdated(new Date().toISOString());
    } catch (e) {
      reportError(e);
    }
  }, [line, queue, filters.priority, filters.facility, filters.state]);

  useEffect(() => setItems(null), [line, queue]);

  useEffect(() => {
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const next = useCallback(async () => {
    if (!canWork || busy) {
      return;
    }
    setBusy(true);
    try {
      const task = await worklist.next(line, queue);
      if (task) {
        navigate(`/tasks/${task.id}`);
      } else {
        inform('worklist.nothingWaiting');
      }
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  }, [line, queue, canWork, busy]);

  const claim = async (id: number) => {
    try {
      await worklist.claim(id);
      navigate(`/tasks/${id}`);
    } catch (e) {
      reportError(e);
      load();
    }
  };

  useShortcut('worklist.next', next);
  useShortcut('worklist.refresh', load);
  useShortcut('worklist.filter', useCallback(() => facilityInput.current?.focus(), []));

  const shown = (items ?? []).filter((i) => !filters.date || localDay(i.task.arrivedAt) === filters.date);
  const facilities = [...new Set((items ?? []).map((i) => i.task.facilityId))].sort();
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters({ ...filters, [k]: v });
  const title = t(queueTitles[queue], { line: tEnum('line', line) });

  return (
    <section class="worklist" aria-labelledby="worklist-title">
      <div class="worklist-head">
        <h1 id="worklist-title">{title}</h1>
        {canWork && (
          <button type="button" class="primary" onClick={next} disabled={busy} aria-keyshortcuts="n" data-testid="next">
            {t('worklist.next')} <kbd>N</kbd>
          </button>
        )}
        <button type="button" onClick={load} aria-keyshortcuts="r">{t('worklist.refresh')}</button>
        <span class="updated" aria-live="off">
          {updated ? t('worklist.updated', { time: dateTime(updated, locale), seconds: POLL_MS / 1000 }) : ''}
        </span>
      </div>

      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('worklist.filters')}>
        <label>
          <span>{t('filter.facility')}</span>
          <input ref={facilityInput} list="facilities" value={filters.facility} aria-keyshortcuts="f"
            onChange={(e) => set('facility', (e.currentTarget as HTMLInputElement).value.trim())} />
          <datalist id="facilities">{facilities.map((f) => <option value={f} />)}</datalist>
        </label>
        <label>
          <span>{t('filter.priority')}</span>
          <select value={filters.priority} onChange={(e) => set('priority', (e.currentTarget as HTMLSelectElement).value as Priority | '')}>
            <option value="">{t('filter.all')}</option>
            {priorities.map((p) => <option value={p}>{tEnum('priority', p)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('filter.state')}</span>
          <select value={filters.state} onChange={(e) => set('state', (e.currentTarget as HTMLSelectElement).value as TaskState | '')}>
            <option value="">{t('filter.active')}</option>
            {taskStates.map((s) => <option value={s}>{tEnum('state', s)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('filter.date')}</span>
          <input type="date" value={filters.date} onChange={(e) => set('date', (e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" onClick={() => setFilters(noFilters)}>{t('filter.clear')}</button>
      </form>

      {items === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : shown.length === 0 ? (
        <p class="empty" data-testid="empty">{t('worklist.empty')}</p>
      ) : (
        <table class="tasks" data-testid="worklist">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.priority')}</th>
              <th scope="col">{t('col.patient')}</th>
              <th scope="col">{t('col.exam')}</th>
              <th scope="col">{t('col.facility')}</th>
              <th scope="col">{t('col.arrived')}</th>
              <th scope="col">{t('col.due')}</th>
              <th scope="col">{t('col.state')}</th>
              <th scope="col"><span class="visually-hidden">{t('col.action')}</span></th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => {
              const task = i.task;
              const mine = task.state === 'IN_PROGRESS' && task.holder === me.username;
              const breached = new Date(task.dueAt).getTime() < Date.now();
              return (
                <tr key={task.id} data-task={task.id} data-study={task.studyInstanceUid}
                  class={`priority-${task.priority}${breached ? ' breached' : ''}${fresh.has(task.id) ? ' fresh' : ''}`}>
                  <td><PriorityBadge priority={task.priority} critical={task.critical} /></td>
                  <td>
                    <span class="patient-name">{personName(i.patientName)}</span>
                    <span class="sub">{patientLine(i)}</span>
                  </td>
                  <td>
                    <span>{[task.modalities, i.studyDescription].filter(Boolean).join(' ')}</span>
                    <span class="sub">{i.accessionNumber}</span>
                    <LateFlag task={task} />
                    {fresh.has(task.id) && <span class="badge new">{t('worklist.new')}</span>}
                  </td>
                  <td>{task.facilityId}</td>
                  <td>{dateTime(task.arrivedAt, locale)}</td>
                  <td><DueCountdown task={task} /></td>
                  <td>
                    {tEnum('state', task.state)}
                    {task.holder && <span class="sub">{task.holder}</span>}
                  </td>
                  <td>
                    {mine ? (
                      <button type="button" onClick={() => navigate(`/tasks/${task.id}`)}
                        aria-label={t('worklist.openLabel', { patient: personName(i.patientName) })}>{t('worklist.open')}</button>
                    ) : canWork && (task.state !== 'IN_PROGRESS' || leaseRanOut(task.leaseExpiresAt)) ? (
                      <button type="button" onClick={() => claim(task.id)}
                        aria-label={t('worklist.claimLabel', { patient: personName(i.patientName) })}>{t('worklist.claim')}</button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
