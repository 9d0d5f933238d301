import { useEffect, useState } from 'preact/hooks';
import { tasks } from '../api/reports';
import type { Task } from '../api/types';
import { t, tEnum } from '../i18n';
import { inform, reportError } from '../messages';
import { Dialog } from './Dialog';

/** QC return to the township with a reason (GET /api/worklist/qc-reasons) and a text; OTHER needs the text. */
export function QcReturnDialog({ task, onDone, onClose }: { task: Task; onDone: (t: Task) => void; onClose: () => void }) {
  const [reasons, setReasons] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    tasks.qcReasons().then((r) => {
      setReasons(r);
      setReason((x) => x || r[0] || '');
    }, reportError);
  }, []);
  const submit = async () => {
    setBusy(true);
    try {
      const done = await tasks.returnForQc(task.id, reason, text);
      inform('report.qcReturned', { reason: tEnum('qc', reason) });
      onDone(done);
    } catch (e) {
      reportError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('report.qcTitle')} onClose={onClose} onSubmit={submit} submitLabel={t('report.qcSubmit')} busy={busy}>
      <label for="qc-reason">{t('report.qcReason')}</label>
      <select id="qc-reason" value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value)}>
        {reasons.map((r) => <option value={r}>{tEnum('qc', r)}</option>)}
      </select>
      <label for="qc-text">{t('report.qcText')}</label>
      <textarea id="qc-text" rows={3} value={text} required={reason === 'OTHER'}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
    </Dialog>
  );
}

/** Escalation to the tertiary consultants of the line, with a note for them. */
export function EscalateDialog({ task, onDone, onClose }: { task: Task; onDone: (t: Task) => void; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const done = await tasks.escalate(task.id, note);
      inform('report.escalated');
      onDone(done);
    } catch (e) {
      reportError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('report.escalateTitle')} onClose={onClose} onSubmit={submit} submitLabel={t('report.escalateSubmit')} busy={busy}>
      <label for="escalate-note">{t('report.escalateNote')}</label>
      <textarea id="escalate-note" rows={4} required value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
    </Dialog>
  );
}

/** A senior reader sends the signed version back to the reading queue, saying what to change. */
export function ReturnToReaderDialog({ onSubmit, onClose }: { onSubmit: (reason: string) => Promise<void>; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('report.returnTitle')} onClose={onClose} submitLabel={t('report.returnSubmit')} busy={busy}
      onSubmit={async () => {
        setBusy(true);
        await onSubmit(reason);
        setBusy(false);
      }}>
      <label for="return-reason">{t('report.returnReason')}</label>
      <textarea id="return-reason" rows={4} required value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
    </Dialog>
  );
}
