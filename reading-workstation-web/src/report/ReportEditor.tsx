import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  reports,
  sectionNames,
  tasks,
  type Choice,
  type FieldValue,
  type Phrase,
  type ReportTemplate,
  type ReportVersion,
  type ReportView,
  type SectionName,
} from '../api/reports';
import type { Caller, Task, TaskDetail } from '../api/types';
import { worklist } from '../api/worklist';
import { t, useLocale } from '../i18n';
import { inform, reportError } from '../messages';
import { navigate } from '../router';
import { queuePaths } from '../session';
import { useShortcut } from '../shortcuts';
import { dateTime } from '../time';
import { useAutosave, type SaveState } from './autosave';
import { FieldInput } from './FieldInput';
import { PdfPreview, PriorReport, ReportText, Signers } from './parts';
import { EscalateDialog, QcReturnDialog, ReturnToReaderDialog } from './TaskActions';

interface Props {
  detail: TaskDetail;
  me: Caller;
  /** the caller holds the task (IN_PROGRESS, their lease) */
  mine: boolean;
  onTask: (t: Task) => void;
}

/**
 * The report editor of a task (issue 13, screen 5), in the task page's #report-slot: the template chosen from the
 * study, structured fields, phrases, autosave, sign; the countersign of a senior reader; preliminary release for STAT;
 * QC return and escalation; the prior report beside it and the signed PDF's preview. The API decides every rule; the
 * screen offers what the state allows.
 */
export function ReportEditor({ detail, me, mine, onTask }: Props) {
  const task = detail.task;
  // undefined while loading; null: the task has no report yet
  const [report, setReport] = useState<ReportView | null | undefined>(undefined);
  const [prior, setPrior] = useState<ReportView | null | undefined>(undefined);
  const [template, setTemplate] = useState<ReportTemplate | null>(null);
  const [dialog, setDialog] = useState<'qc' | 'escalate' | null>(null);

  // the patient's reports as the caller may see them: this task's (no 404 for "none yet") and the newest earlier one
  const load = useCallback(() => {
    let gone = false;
    reports.ofPatient(task.studyInstanceUid).then(async (items) => {
      const own = items.find((i) => i.taskId === task.id);
      const earlier = items.find((i) => i.taskId !== task.id && i.studyInstanceUid !== task.studyInstanceUid);
      const [r, p] = await Promise.all([own ? reports.get(own.id) : null, earlier ? reports.get(earlier.id) : null]);
      if (!gone) {
        setReport(r);
        setPrior(p);
      }
    }).catch(reportError);
    return () => {
      gone = true;
    };
  }, [task.id, task.studyInstanceUid]);
  useEffect(load, [load]);

  const v = report?.version ?? null;
  useEffect(() => {
    if (v && (template?.id !== v.templateId || template.version !== v.templateVersion)) {
      reports.template(v.templateId, v.templateVersion).then(setTemplate, reportError);
    }
  }, [v?.templateId, v?.templateVersion]);

  // returned, escalated or sent back from here: back to the list once the page knows the task left the reader's hands
  // (leaving earlier would make the page give back, with a refused release, a task that is no longer held)
  const [leaving, setLeaving] = useState<string | null>(null);
  useEffect(() => {
    if (leaving && !mine) {
      navigate(leaving);
    }
  }, [leaving, mine]);
  const leave = () => setLeaving(`/${queuePaths[task.queue]}/${task.serviceLine}`);

  if (report === undefined) {
    return <p class="loading">{t('app.loading')}</p>;
  }
  const reading = mine && task.queue === 'READING';
  let body;
  if (report === null || !v) {
    body = reading ? <StartReport task={task} onStarted={setReport} /> : <p class="empty">{t('report.none')}</p>;
  } else if (!template) {
    body = <p class="loading">{t('app.loading')}</p>;
  } else if (mine && task.queue !== 'COUNTERSIGN' && (v.state === 'DRAFT' || v.state === 'PRELIMINARY')) {
    body = <Editor key={`${report.id}/${v.number}`} report={report} version={v} template={template} task={task} me={me}
      onChanged={load} onTask={onTask} />;
  } else if (mine && task.queue === 'COUNTERSIGN' && v.state === 'REVISING' && v.verifier === me.username) {
    // the senior's revision of the reader's signed version: edited like a draft, then countersigned
    body = <Editor key={`${report.id}/${v.number}`} report={report} version={v} template={template} task={task} me={me}
      onChanged={load} onTask={onTask} revising />;
  } else if (mine && task.queue === 'COUNTERSIGN' && v.state === 'SIGNED' && v.requiresVerification) {
    body = <Countersign report={report} version={v} template={template} task={task} onChanged={load} onTask={onTask} onLeave={leave} />;
  } else {
    body = (
      <div class="report-read">
        <Signers v={v} />
        <ReportText v={v} template={template} />
        <PdfPreview report={report} version={v.number} />
      </div>
    );
  }
  const open = !v || v.state === 'DRAFT' || v.state === 'PRELIMINARY';
  return (
    <div class="report-editor" data-report={report?.id ?? ''}>
      <PriorReport prior={prior ?? null} />
      {body}
      {reading && open && (
        <div class="task-actions">
          <button type="button" onClick={() => setDialog('qc')}>{t('report.qcReturn')}</button>
          <button type="button" onClick={() => setDialog('escalate')}>{t('report.escalate')}</button>
        </div>
      )}
      {dialog === 'qc' && <QcReturnDialog task={task} onClose={() => setDialog(null)} onDone={(x) => { onTask(x); leave(); }} />}
      {dialog === 'escalate' && <EscalateDialog task={task} onClose={() => setDialog(null)} onDone={(x) => { onTask(x); leave(); }} />}
    </div>
  );
}

/** No report yet: the template the centre chose from the study, preselected, or another of the line's. */
function StartReport({ task, onStarted }: { task: Task; onStarted: (r: ReportView) => void }) {
  const locale = useLocale();
  const [templates, setTemplates] = useState<ReportTemplate[]>([]);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    Promise.all([reports.templates(task.serviceLine), reports.suggested(task.id)]).then(([all, suggested]) => {
      setTemplates(all);
      setChosen(suggested.id);
    }, reportError);
  }, [task.id]);
  const start = async () => {
    setBusy(true);
    try {
      onStarted(await reports.create(task.id, chosen));
    } catch (e) {
      reportError(e);
      setBusy(false);
    }
  };
  return (
    <form class="start-report" onSubmit={(e) => { e.preventDefault(); start(); }}>
      <label for="report-template">{t('report.template')}</label>
      <select id="report-template" value={chosen} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
        {templates.map((x) => <option value={x.id}>{locale === 'en' ? x.nameEn : x.nameZh}</option>)}
      </select>
      <p class="hint">{t('report.templateHint')}</p>
      <button type="submit" class="primary" disabled={busy || !chosen}>{t('report.start')}</button>
    </form>
  );
}

const saveLabels: Record<SaveState, 'report.saved' | 'report.dirty' | 'report.saving' | 'report.saveFailed'> = {
  saved: 'report.saved',
  dirty: 'report.dirty',
  saving: 'report.saving',
  failed: 'report.saveFailed',
};

/** Where the caret was in each section when it lost focus, so a phrase goes where the reader was typing. */
type Carets = Partial<Record<SectionName, [number, number]>>;

function Editor({ report, version, template, task, me, onChanged, onTask, revising = false }: {
  report: ReportView;
  version: ReportVersion;
  template: ReportTemplate;
  task: Task;
  me: Caller;
  onChanged: () => void;
  onTask: (t: Task) => void;
  /** a senior reader's revision (REVISING): the reader's signed text shown under each section, countersigned, not signed */
  revising?: boolean;
}) {
  const locale = useLocale();
  const { draft, update, flush, state, savedAt } = useAutosave(report.id, version);
  const [categories, setCategories] = useState<Choice[]>([]);
  const [askCountersign, setAskCountersign] = useState(false);
  const [busy, setBusy] = useState(false);
  const carets = useRef<Carets>({});
  const lastSection = useRef<SectionName>('findings');
  // fields the automatic analysis filled in and the reader has not changed
  const [prefilled, setPrefilled] = useState(() => new Set(template.fields.filter((f) => f.prefill && version.fields?.[f.key] !== undefined
    && version.draftRevision === 0).map((f) => f.key)));

  useEffect(() => {
    reports.criticalCategories(task.serviceLine).then(setCategories, reportError);
  }, [task.serviceLine]);
  // the reader's own signed version this revision follows; it never changes
  const [original, setOriginal] = useState<ReportVersion | null>(null);
  useEffect(() => {
    if (revising && version.follows) {
      reports.version(report.id, version.follows).then(setOriginal, reportError);
    }
  }, [revising, report.id, version.follows]);

  const setField = (key: string, value: FieldValue | undefined) => {
    setPrefilled((p) => {
      const n = new Set(p);
      n.delete(key);
      return n;
    });
    update((d) => {
      const fields = { ...d.fields };
      if (value === undefined) {
        delete fields[key];
      } else {
        fields[key] = value;
      }
      return { ...d, fields };
    });
  };

  const insertPhrase = (p: Phrase) => {
    const section = p.section;
    const area = document.getElementById(`section-${section}`) as HTMLTextAreaElement | null;
    const text = draft.sections[section];
    const [from, to] = carets.current[section] ?? [text.length, text.length];
    const next = text.slice(0, from) + p.zh + text.slice(to);
    const caret = from + p.zh.length;
    carets.current[section] = [caret, caret];
    update((d) => ({ ...d, sections: { ...d.sections, [section]: next } }));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  };

  const sign = useCallback(async () => {
    if (busy) {
      return;
    }
    setBusy(true);
    try {
      if (!(await flush())) {
        return;
      }
      if (revising) {
        await reports.verify(report.id);
        onTask(await tasks.complete(task.id));
        inform('report.verified');
      } else {
        const signed = await reports.sign(report.id, askCountersign);
        onTask(await tasks.complete(task.id));
        inform(signed.state === 'FINAL' ? 'report.signedFinal' : 'report.signedAwaiting');
      }
      onChanged();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  }, [busy, flush, report.id, askCountersign, task.id, revising]);
  useShortcut('report.sign', sign);
  useShortcut('report.save', useCallback(() => { flush(); }, [flush]));
  useShortcut('report.phrases', useCallback(() => {
    document.querySelector<HTMLButtonElement>(`#phrases-${lastSection.current} button`)?.focus();
  }, []));

  const preliminary = async () => {
    setBusy(true);
    try {
      if (await flush()) {
        await reports.preliminary(report.id);
        inform('report.preliminaryReleased');
        onChanged();
      }
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  const phrases = (s: SectionName) => template.phrases.filter((p) => p.section === s);
  const name = locale === 'en' ? template.nameEn : template.nameZh;
  const needsCountersign = me.requiresCountersign;
  return (
    // no implicit submission: Enter in a field must never sign
    <form class="report-form" aria-describedby="report-save-state" onSubmit={(e) => e.preventDefault()}>
      <p class="template-name">
        {t('report.templateIs', { name })}
        {version.state === 'PRELIMINARY' && <span class="badge preliminary">{t('reportState.PRELIMINARY')}</span>}
      </p>
      {revising ? (
        <p class="revising" data-testid="revising">
          {t('report.revisingOf', { author: version.authorName ?? version.author ?? '', number: version.follows ?? '', version: version.number })}
        </p>
      ) : version.reason && <p class="returned" data-testid="version-reason">{t('report.returnedBecause', { reason: version.reason })}</p>}
      {template.fields.length > 0 && (
        <fieldset class="fields">
          <legend>{t('report.fields')}</legend>
          {template.fields.map((f) => (
            <FieldInput def={f} value={draft.fields[f.key]} prefilled={prefilled.has(f.key)} onChange={(x) => setField(f.key, x)} />
          ))}
        </fieldset>
      )}
      {sectionNames.map((s) => (
        <div class={`section-edit${original && original.sections[s] !== draft.sections[s] ? ' changed' : ''}`} data-section={s}>
          <label for={`section-${s}`}>{t(`report.section.${s}`)}</label>
          {original && original.sections[s] !== draft.sections[s] && (
            <span class="badge changed" data-testid={`changed-${s}`}>{t('report.changedByYou')}</span>
          )}
          <textarea id={`section-${s}`} rows={s === 'findings' ? 6 : 3} value={draft.sections[s]} aria-describedby={`phrases-hint-${s}`}
            onFocus={() => { lastSection.current = s; }}
            onBlur={(e) => {
              const a = e.currentTarget as HTMLTextAreaElement;
              carets.current[s] = [a.selectionStart, a.selectionEnd];
            }}
            onInput={(e) => {
              const value = (e.currentTarget as HTMLTextAreaElement).value;
              update((d) => ({ ...d, sections: { ...d.sections, [s]: value } }));
            }} />
          <PhraseList section={s} phrases={phrases(s)} onInsert={insertPhrase} />
          {original && (
            <div class="readers-text" data-testid={`original-${s}`}>
              <span class="hint">{t('report.readersText')}</span>
              {original.sections[s] !== draft.sections[s] ? <del>{original.sections[s] || '—'}</del> : <p>{original.sections[s] || '—'}</p>}
            </div>
          )}
        </div>
      ))}
      <fieldset class="critical">
        <legend>{t('report.critical')}</legend>
        <label class="check">
          <input type="checkbox" checked={draft.critical}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              update((d) => ({ ...d, critical: on, criticalCategory: on ? d.criticalCategory : null }));
            }} />
          {t('report.criticalFlag')}
        </label>
        <label for="critical-category">{t('report.criticalCategory')}</label>
        <select id="critical-category" disabled={!draft.critical} value={draft.criticalCategory ?? ''}
          onChange={(e) => {
            const c = (e.currentTarget as HTMLSelectElement).value || null;
            update((d) => ({ ...d, criticalCategory: c }));
          }}>
          <option value="">{t('report.notGiven')}</option>
          {categories.map((c) => <option value={c.code}>{locale === 'en' ? c.en : c.zh}</option>)}
        </select>
      </fieldset>
      <p id="report-save-state" class={`save-state save-${state}`} role="status" data-state={state}>
        {t(saveLabels[state], { time: dateTime(savedAt, locale) })}
      </p>
      <div class="report-actions">
        {!needsCountersign && !revising && (
          <label class="check">
            <input type="checkbox" checked={askCountersign} onChange={(e) => setAskCountersign((e.currentTarget as HTMLInputElement).checked)} />
            {t('report.askCountersign')}
          </label>
        )}
        <button type="button" class="primary" onClick={sign} disabled={busy} aria-keyshortcuts="Control+Enter">
          {t(revising ? 'report.verify' : 'report.sign')}
        </button>
        {report.stat && version.state === 'DRAFT' && !revising && (
          <button type="button" onClick={preliminary} disabled={busy}>{t('report.releasePreliminary')}</button>
        )}
      </div>
      <p class="hint">{t('report.keysHint')}</p>
      {version.state === 'PRELIMINARY' && <PdfPreview report={report} version={version.number} />}
    </form>
  );
}

/**
 * The phrases (常用语) of one section: a click inserts one where the caret was. For the keyboard the list is one stop
 * reached with Alt+P from the section, arrows move within it, Enter inserts, Escape goes back to the text.
 */
function PhraseList({ section, phrases, onInsert }: { section: SectionName; phrases: Phrase[]; onInsert: (p: Phrase) => void }) {
  const locale = useLocale();
  if (phrases.length === 0) {
    return null;
  }
  const move = (e: KeyboardEvent) => {
    const buttons = Array.from((e.currentTarget as HTMLElement).querySelectorAll('button'));
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      e.preventDefault();
      buttons[(i + 1) % buttons.length].focus();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      e.preventDefault();
      buttons[(i - 1 + buttons.length) % buttons.length].focus();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      document.getElementById(`section-${section}`)?.focus();
    }
  };
  return (
    <div id={`phrases-${section}`} class="phrases" role="group" aria-label={t('report.phrasesOf', { section: t(`report.section.${section}`) })}
      onKeyDown={move}>
      <span id={`phrases-hint-${section}`} class="hint">{t('report.phrasesHint')}</span>
      {phrases.map((p) => (
        <button type="button" tabIndex={-1} title={locale === 'en' ? p.en : undefined} onClick={() => onInsert(p)}>
          {p.zh}
        </button>
      ))}
    </div>
  );
}

/**
 * A senior reader holding a countersign task: the author's signed version and PDF, countersign it, return it, or edit it
 * (a revision of their own, the reader's signed version kept) and then countersign that.
 */
function Countersign({ report, version, template, task, onChanged, onTask, onLeave }: {
  report: ReportView;
  version: ReportVersion;
  template: ReportTemplate;
  task: Task;
  onChanged: () => void;
  onTask: (t: Task) => void;
  onLeave: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const verify = useCallback(async () => {
    if (busy) {
      return;
    }
    setBusy(true);
    try {
      await reports.verify(report.id);
      onTask(await tasks.complete(task.id));
      inform('report.verified');
      onChanged();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  }, [busy, report.id, task.id]);
  useShortcut('report.sign', verify);
  const revise = async () => {
    setBusy(true);
    try {
      await reports.revise(report.id);
      onChanged();
    } catch (e) {
      reportError(e);
      setBusy(false);
    }
  };
  const giveBack = async (reason: string) => {
    try {
      await reports.returnToReader(report.id, reason);
      onTask((await worklist.task(task.id)).task);
      inform('report.returnedToReader');
      onLeave();
    } catch (e) {
      reportError(e);
    }
  };
  return (
    <div class="report-read countersign">
      <Signers v={version} />
      <ReportText v={version} template={template} />
      <div class="report-actions">
        <button type="button" class="primary" onClick={verify} disabled={busy} aria-keyshortcuts="Control+Enter">{t('report.verify')}</button>
        <button type="button" onClick={revise} disabled={busy}>{t('report.revise')}</button>
        <button type="button" onClick={() => setReturning(true)} disabled={busy}>{t('report.returnToReader')}</button>
      </div>
      <PdfPreview report={report} version={version.number} />
      {returning && <ReturnToReaderDialog onClose={() => setReturning(false)} onSubmit={giveBack} />}
    </div>
  );
}
