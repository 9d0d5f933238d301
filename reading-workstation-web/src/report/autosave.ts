import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { reports, type Draft, type ReportVersion } from '../api/reports';
import { reportError } from '../messages';

/** How long after the last keystroke the draft is saved. */
export const AUTOSAVE_MS = 800;

export type SaveState = 'saved' | 'dirty' | 'saving' | 'failed';

export function draftOf(v: ReportVersion): Draft {
  return { sections: { ...v.sections }, fields: { ...(v.fields ?? {}) }, critical: v.critical, criticalCategory: v.criticalCategory };
}

/**
 * The open version's content as the reader edits it, saved to PUT /api/reports/{id}/draft a moment after each change,
 * one save at a time, each over the revision the previous one answered (the API refuses a stale one with
 * draft-stale, so two editors never overwrite each other silently). `flush` saves what is pending now, for signing.
 */
export function useAutosave(reportId: number, version: ReportVersion) {
  const [draft, setDraftState] = useState<Draft>(() => draftOf(version));
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<string | null>(version.updatedAt);
  const latest = useRef(draft);
  const revision = useRef(version.draftRevision);
  const dirty = useRef(false);
  const saving = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (saving.current) {
      await saving.current;
    }
    if (!dirty.current) {
      return true;
    }
    dirty.current = false;
    setState('saving');
    const run = reports.save(reportId, revision.current, latest.current).then(
      (v) => {
        revision.current = v.draftRevision;
        setSavedAt(v.updatedAt);
        setState(dirty.current ? 'dirty' : 'saved');
        return true;
      },
      (e) => {
        dirty.current = true;
        setState('failed');
        reportError(e);
        return false;
      },
    );
    saving.current = run;
    const ok = await run;
    saving.current = null;
    if (ok && dirty.current) {
      timer.current = window.setTimeout(flush, AUTOSAVE_MS);
    }
    return ok;
  }, [reportId]);

  const update = useCallback(
    (change: (d: Draft) => Draft) => {
      const next = change(latest.current);
      latest.current = next;
      setDraftState(next);
      dirty.current = true;
      setState('dirty');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(flush, AUTOSAVE_MS);
    },
    [flush],
  );

  // what is still pending when the editor closes is sent at once
  useEffect(() => () => {
    if (dirty.current) {
      flush();
    }
  }, [flush]);

  return { draft, update, flush, state, savedAt };
}
