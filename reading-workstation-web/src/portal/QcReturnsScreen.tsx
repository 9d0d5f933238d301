import { useEffect, useState } from 'preact/hooks';
import type { WorklistItem } from '../api/types';
import { portal } from '../api/portal';
import { t, tEnum, useLocale } from '../i18n';
import { reportError } from '../messages';
import { user } from '../session';
import { useStore } from '../store';
import { patientLine, personName } from '../screens/parts';
import { dateTime } from '../time';

/**
 * Examinations the centre sent back to this facility (质控退回) with the reason: the clinic repeats the
 * examination and sends the images again, and the task goes back to the readers when they arrive.
 */
export function QcReturnsScreen() {
  const locale = useLocale();
  const me = useStore(user)!;
  const [items, setItems] = useState<WorklistItem[] | null>(null);

  useEffect(() => {
    if (me.facilityId) {
      portal.qcReturns(me.facilityId).then(setItems, reportError);
    }
  }, [me.facilityId]);

  return (
    <section class="qc-returns" aria-labelledby="qc-title">
      <h1 id="qc-title">{t('portal.qc.title')}</h1>
      <p class="hint">{t('portal.qc.hint')}</p>
      {items === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="empty" data-testid="empty">{t('portal.qc.none')}</p>
      ) : (
        <table class="tasks" data-testid="qc-returns">
          <caption class="visually-hidden">{t('portal.qc.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.patient')}</th>
              <th scope="col">{t('col.exam')}</th>
              <th scope="col">{t('portal.qc.returnedAt')}</th>
              <th scope="col">{t('portal.qc.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.task.id} data-study={i.task.studyInstanceUid}>
                <td>
                  <span class="patient-name">{personName(i.patientName)}</span>
                  <span class="sub">{patientLine(i)}</span>
                </td>
                <td>
                  <span>{[i.task.modalities, i.studyDescription].filter(Boolean).join(' ')}</span>
                  <span class="sub">{[i.accessionNumber, i.studyDate].filter(Boolean).join(' · ')}</span>
                </td>
                <td>{dateTime(i.task.updatedAt, locale)}</td>
                <td>
                  <strong class="qc-reason">{i.task.qcReason ? tEnum('portal.qc.reasonOf', i.task.qcReason) : ''}</strong>
                  {i.task.qcText && <span class="sub qc-text">{i.task.qcText}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
