import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import type { Task, TaskDetail } from '../api/types';
import { worklist } from '../api/worklist';
import { EcgViewer } from '../ecg/EcgViewer';
import { holter, type HolterSummary } from '../api/holter';
import { HolterReview } from '../holter/HolterReview';
import { t, tEnum, useLocale } from '../i18n';
import { reportError } from '../messages';
import { navigate } from '../router';
import { queuePaths, user } from '../session';
import { useShortcut } from '../shortcuts';
import { ReportEditor } from '../report/ReportEditor';
import { useStore } from '../store';
import { Viewer } from '../viewer';
import { dateTime } from '../time';
import { DueCountdown, LateFlag, PriorityBadge, dicomTime, patientLine, personName } from './parts';

/** How often the lease is renewed: a third of its length, so two renewals may fail before it runs out. */
export function renewEvery(task: Task): number {
  const length = new Date(task.leaseExpiresAt ?? task.updatedAt).getTime() - new Date(task.updatedAt).getTime();
  return Math.min(5 * 60_000, Math.max(2_000, length / 3));
}

function holds(task: Task, username: string): boolean {
  return task.state === 'IN_PROGRESS' && task.holder === username;
}

/**
 * Keeps the caller's lease on the task while the screen is open (POST renew in the background) and gives the
 * task back when the reader leaves: on leaving the screen (release) or closing the tab (a keepalive request).
 * A task that was completed meanwhile answers 409 to the release, which is expected and ignored.
 */
function useLease(task: Task | null, username: string, onRenewed: (t: Task) => void): void {
  const held = !!task && holds(task, username);
  const id = task?.id;
  const latest = useRef(task);
  latest.current = task;
  // one renewal timer per claim: the effect depends on holding the task, not on each renewed copy of it
  useEffect(() => {
    if (!held || id === undefined || !latest.current) {
      return;
    }
    const every = renewEvery(latest.current);
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const renewed = await worklist.renew(id);
        if (!stopped) {
          onRenewed(renewed);
        }
      } catch (e) {
        clearInterval(timer);
        if (!stopped) {
          reportError(e);
        }
      }
    }, every);
    const onLeave = () => worklist.releaseOnLeave(id);
    window.addEventListener('pagehide', onLeave);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('pagehide', onLeave);
      // completed, returned or escalated from this page: no longer ours, nothing to give back
      if (latest.current?.id === id && !holds(latest.current, username)) {
        return;
      }
      worklist.release(id).catch((e) => {
        if (!(e instanceof ApiError && e.status === 409)) {
          reportError(e);
        }
      });
    };
  }, [held, id]);
}

/**
 * An ECG task's tracing: the Holter review when the task detail says the study has a Holter analysis (its
 * `holter` flag: the stored HOLTER_ANALYSIS, which a tus upload and a DICOM Ambulatory ECG both have), else
 * the resting viewer.
 */
function EcgTaskView({ detail, mine }: { detail: TaskDetail; mine: boolean }) {
  const uid = detail.task.studyInstanceUid;
  const [summary, setSummary] = useState<HolterSummary | null>(null);
  useEffect(() => {
    setSummary(null);
    if (detail.holter) {
      holter.summary(uid).then(setSummary, reportError);
    }
  }, [uid, detail.holter]);
  if (!detail.holter) {
    return <EcgViewer studyUid={uid} />;
  }
  return summary ? <HolterReview studyUid={uid} initial={summary} canRelabel={mine} /> : <p class="loading">{t('app.loading')}</p>;
}

/** A claimed task: the study header, and the slots where the image viewer and the report editor go. */
export function TaskScreen({ id }: { id: number }) {
  const locale = useLocale();
  const me = useStore(user)!;
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    setDetail(null);
    worklist.task(id).then(setDetail, (e) => {
      if (e instanceof ApiError && e.status === 404) {
        setMissing(true);
      } else {
        reportError(e);
      }
    });
  }, [id]);

  const task = detail?.task ?? null;
  const onRenewed = useCallback((renewed: Task) => setDetail((d) => (d ? { ...d, task: renewed } : d)), []);
  useLease(task, me.username, onRenewed);

  const back = useCallback(() => {
    navigate(task ? `/${queuePaths[task.queue]}/${task.serviceLine}` : '/');
  }, [task]);
  useShortcut('task.back', back);

  const claim = async () => {
    try {
      const claimed = await worklist.claim(id);
      setDetail((d) => (d ? { ...d, task: claimed } : d));
    } catch (e) {
      reportError(e);
    }
  };

  if (missing) {
    return <section><h1>{t('task.missing', { id })}</h1></section>;
  }
  if (!detail || !task) {
    return <p class="loading">{t('app.loading')}</p>;
  }
  const s = detail.study;
  const mine = holds(task, me.username);
  // a claimed task's images: radiology and ultrasound studies (an ECG task gets the ECG viewer)
  const showsImages = task.serviceLine !== 'ECG';
  return (
    <section class="task" aria-labelledby="task-title" data-task={task.id}>
      <header class={`study-header priority-${task.priority}`}>
        <h1 id="task-title">
          <span class="patient-name">{personName(s.patientName)}</span>
          <span class="sub">{patientLine(s)}</span>
        </h1>
        <dl>
          <div><dt>{t('col.priority')}</dt><dd><PriorityBadge priority={task.priority} critical={task.critical} /></dd></div>
          <div><dt>{t('col.exam')}</dt><dd>{[s.modalities.join('/'), s.studyDescription].filter(Boolean).join(' ')}</dd></div>
          <div><dt>{t('task.accession')}</dt><dd>{s.accessionNumber}</dd></div>
          <div><dt>{t('task.studyDate')}</dt><dd>{[s.studyDate, dicomTime(s.studyTime)].filter(Boolean).join(' ')}</dd></div>
          <div><dt>{t('col.facility')}</dt><dd>{task.facilityId}</dd></div>
          <div><dt>{t('task.instances')}</dt><dd>{task.instanceCount} <LateFlag task={task} /></dd></div>
          <div><dt>{t('col.due')}</dt><dd><DueCountdown task={task} /></dd></div>
          <div>
            <dt>{t('col.state')}</dt>
            <dd>
              {tEnum('state', task.state)} {task.holder && `· ${task.holder}`}
            </dd>
          </div>
          {mine && (
            <div>
              <dt>{t('task.lease')}</dt>
              <dd data-testid="lease" data-expires={task.leaseExpiresAt ?? ''}>
                {t('task.leaseUntil', { time: dateTime(task.leaseExpiresAt, locale) })}
              </dd>
            </div>
          )}
        </dl>
        <div class="actions">
          <button type="button" onClick={back} aria-keyshortcuts="Escape">{t('task.back')}</button>
          {!mine && task.state !== 'IN_PROGRESS' && task.state !== 'COMPLETED' && task.state !== 'CANCELED' && (
            <button type="button" class="primary" onClick={claim}>{t('worklist.claim')}</button>
          )}
        </div>
      </header>
      <div class="task-body">
        {/* the image viewer (or the ECG viewer) mounts here */}
        <div id="viewer-slot" class={task.serviceLine === 'ECG' ? 'slot ecg' : `slot${mine && showsImages ? ' with-viewer' : ''}`}
          data-study={task.studyInstanceUid} data-line={task.serviceLine}>
          {task.serviceLine === 'ECG' ? <EcgTaskView detail={detail} mine={mine} />
            : mine && showsImages ? <Viewer studyUid={task.studyInstanceUid} /> : t('task.viewerHere')}
        </div>
        {/* the report editor mounts here */}
        <aside id="report-slot" class="slot" aria-label={t('task.report')}>
          <h2>{t('task.report')}</h2>
          <ReportEditor detail={detail} me={me} mine={mine} onTask={onRenewed} />
          <h2>{t('task.priors')}</h2>
          {detail.priors.length === 0 ? (
            <p>{t('task.noPriors')}</p>
          ) : (
            <ul class="priors">
              {detail.priors.map((p) => (
                <li>{[p.studyDate, p.modalities.join('/'), p.studyDescription, p.facilityId].filter(Boolean).join(' · ')}</li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </section>
  );
}
