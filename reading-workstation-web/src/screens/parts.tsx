import type { Priority, Task } from '../api/types';
import { t, tEnum, useLocale } from '../i18n';
import { clock, dateTime, useNow } from '../time';

/** Within this of its due time a task is shown as due soon (amber). */
export const DUE_SOON_MS = 15 * 60 * 1000;

export function PriorityBadge({ priority, critical }: { priority: Priority; critical: boolean }) {
  return (
    <span class={`badge priority-${priority}`}>
      {tEnum('priority', priority)}
      {critical && <strong class="critical">{' '}{t('task.critical')}</strong>}
    </span>
  );
}

/** Time left to the due time, ticking; past it the SLA is breached, said in words as well as colour. */
export function DueCountdown({ task }: { task: Task }) {
  const now = useNow();
  const locale = useLocale();
  const left = new Date(task.dueAt).getTime() - now;
  const state = left < 0 ? 'breached' : left < DUE_SOON_MS ? 'soon' : 'ok';
  return (
    <span class={`due due-${state}`} title={t('task.dueAt', { time: dateTime(task.dueAt, locale) })} data-due-state={state}>
      {state === 'breached' ? t('task.breached', { time: clock(-left) }) : clock(left)}
    </span>
  );
}

export function LateFlag({ task }: { task: Task }) {
  const locale = useLocale();
  if (task.lateInstanceCount <= 0) {
    return null;
  }
  return (
    <span class="badge late" title={t('task.lateSince', { time: dateTime(task.lateSince, locale) })}>
      {t('task.late', { count: task.lateInstanceCount })}
    </span>
  );
}

/** DICOM PN "Family^Given" as a person reads it. */
export function personName(pn: string | null): string {
  if (!pn) {
    return '';
  }
  // the ideographic group (after the first '=') when there is one: 王^建国 reads 王建国, Smith^John reads Smith John
  const groups = pn.split('=');
  const [family = '', given = ''] = (groups[1] || groups[0]).split('^');
  return /[\u3400-\u9fff]/.test(family + given) ? family + given : [family, given].filter(Boolean).join(' ');
}

/** DICOM TM hhmmss[.ffffff] as hh:mm:ss. */
export function dicomTime(tm: string | null): string {
  const m = tm?.match(/^(\d{2})(\d{2})?(\d{2})?/);
  return m ? [m[1], m[2], m[3]].filter(Boolean).join(':') : '';
}

/** The patient line under a name: ID, sex (DICOM M/F/O, translated), birth date. */
export function patientLine(p: { patientId: string | null; patientSex: string | null; patientBirthDate: string | null }): string {
  return [p.patientId, p.patientSex ? tEnum('sex', p.patientSex) : null, p.patientBirthDate].filter(Boolean).join(' · ');
}
