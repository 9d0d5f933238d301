import { useEffect, useState } from 'preact/hooks';
import type { SlaMatrix } from '../api/admin';
import { admin } from '../api/admin';
import { priorities, serviceLines } from '../api/types';
import { t, tEnum } from '../i18n';
import { reportError } from '../messages';

/** Minutes as the matrix reads best: "30 分钟", "2 小时", "1 天". */
function duration(minutes: number): string {
  if (minutes % 1440 === 0) {
    return t('admin.sla.days', { n: minutes / 1440 });
  }
  return minutes % 60 === 0 ? t('admin.sla.hours', { n: minutes / 60 }) : t('admin.sla.minutes', { n: minutes });
}

/**
 * The SLA matrix (service line x priority -> time from arrival to due), as this centre runs with it. It is
 * configuration (RDC_WORKLIST_SLA), read at start on every node, so the screen shows it and says how to change it.
 */
export function SlaPanel() {
  const [sla, setSla] = useState<SlaMatrix | null>(null);
  useEffect(() => {
    admin.sla().then(setSla, reportError);
  }, []);
  return (
    <div class="panel">
      <h2>{t('admin.sla')}</h2>
      <p class="hint">{t('admin.sla.hint')}</p>
      {sla === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : (
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
                {priorities.map((p) => <td data-priority={p}>{duration(sla[l][p])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
