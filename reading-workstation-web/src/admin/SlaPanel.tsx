import { useEffect, useState } from 'preact/hooks';
import type { SlaCells, SlaMatrix } from '../api/admin';
import { admin, SLA_MAX_MINUTES } from '../api/admin';
import type { Priority, ServiceLine } from '../api/types';
import { priorities, serviceLines } from '../api/types';
import { t, tEnum } from '../i18n';
import { inform, reportError, warn } from '../messages';

/** Minutes as the matrix reads best: "30 分钟", "2 小时", "1 天". */
function duration(minutes: number): string {
  if (minutes % 1440 === 0) {
    return t('admin.sla.days', { n: minutes / 1440 });
  }
  return minutes % 60 === 0 ? t('admin.sla.hours', { n: minutes / 60 }) : t('admin.sla.minutes', { n: minutes });
}

type Draft = Record<ServiceLine, Record<Priority, string>>;

function draftOf(m: SlaMatrix): Draft {
  const d = {} as Draft;
  for (const l of serviceLines) {
    d[l] = {} as Record<Priority, string>;
    for (const p of priorities) {
      d[l][p] = String(m[l][p]);
    }
  }
  return d;
}

/** A whole number of minutes the centre accepts, or null. */
function minutesOf(text: string): number | null {
  const s = text.trim();
  if (!/^\d+$/.test(s)) {
    return null;
  }
  const n = Number(s);
  return n >= 1 && n <= SLA_MAX_MINUTES ? n : null;
}

const cellId = (l: ServiceLine, p: Priority) => `sla-${l}-${p}`;

/**
 * The SLA matrix (service line x priority -> minutes from arrival to due), stored at the centre: an
 * administrator edits the cells and saves; only the changed cells are sent (PUT /api/admin/sla). Every node
 * uses the new times within seconds for tasks routed from then on; tasks already queued keep their due time.
 */
export function SlaPanel() {
  const [sla, setSla] = useState<SlaMatrix | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    admin.sla().then((m) => {
      setSla(m);
      setDraft(draftOf(m));
    }, reportError);
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!sla || !draft) {
      return;
    }
    const cells: SlaCells = {};
    let changed = 0;
    for (const l of serviceLines) {
      for (const p of priorities) {
        const n = minutesOf(draft[l][p]);
        if (n === null) {
          setInvalid(cellId(l, p));
          warn('admin.sla.invalid', { line: tEnum('line', l), priority: tEnum('priority', p) });
          document.getElementById(cellId(l, p))?.focus();
          return;
        }
        if (n !== sla[l][p]) {
          cells[l] = { ...cells[l], [p]: n };
          changed++;
        }
      }
    }
    setInvalid(null);
    if (changed === 0) {
      inform('admin.sla.unchanged');
      return;
    }
    setBusy(true);
    try {
      const saved = await admin.saveSla(cells);
      setSla(saved);
      setDraft(draftOf(saved));
      inform('admin.sla.saved', { n: changed });
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="panel">
      <h2 id="sla-title">{t('admin.sla')}</h2>
      <p class="hint">{t('admin.sla.hint')}</p>
      {sla === null || draft === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : (
        <form onSubmit={save} noValidate aria-labelledby="sla-title" data-testid="sla-form">
          <table class="tasks sla" data-testid="sla">
            <thead>
              <tr>
                <th scope="col">{t('portal.line')}</th>
                {priorities.map((p) => <th scope="col">{tEnum('priority', p)}</th>)}
              </tr>
            </thead>
            <tbody>
              {serviceLines.map((l) => (
                <tr data-line={l}>
                  <th scope="row">{tEnum('line', l)}</th>
                  {priorities.map((p) => (
                    <td data-priority={p}>
                      <label class="visually-hidden" for={cellId(l, p)}>
                        {t('admin.sla.cellLabel', { line: tEnum('line', l), priority: tEnum('priority', p) })}
                      </label>
                      <input id={cellId(l, p)} type="number" inputMode="numeric" min={1} max={SLA_MAX_MINUTES} step={1}
                        value={draft[l][p]} aria-invalid={invalid === cellId(l, p) ? 'true' : undefined}
                        onInput={(e) => setDraft({ ...draft, [l]: { ...draft[l], [p]: (e.target as HTMLInputElement).value } })} />
                      <span class="sla-unit" aria-hidden="true">{t('admin.sla.unit')}</span>
                      <span class="sla-saved" data-testid="sla-saved">{duration(sla[l][p])}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="submit" class="primary" disabled={busy}>{t('admin.save')}</button>
          </p>
        </form>
      )}
    </div>
  );
}
