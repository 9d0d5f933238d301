import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A modal form: focus goes to its first control and back to what opened it on closing; Escape closes it without
 * reaching the page's shortcuts (where Escape leaves the task).
 */
export function Dialog({ title, onClose, onSubmit, submitLabel, busy, children }: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  children: ComponentChildren;
}) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    form.current?.querySelector<HTMLElement>('select, textarea, input')?.focus();
    return () => opener?.focus();
  }, []);
  return (
    <div class="dialog-backdrop" onClick={onClose}>
      <div class="dialog report-dialog" role="dialog" aria-modal="true" aria-labelledby="report-dialog-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}>
        <form ref={form} onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}>
          <h2 id="report-dialog-title">{title}</h2>
          {children}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{submitLabel}</button>
            <button type="button" onClick={onClose}>{t('action.cancel')}</button>
          </div>
        </form>
      </div>
    </div>
  );
}
