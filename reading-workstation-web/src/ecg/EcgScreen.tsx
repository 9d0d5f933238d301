import { t } from '../i18n';
import { EcgViewer } from './EcgViewer';

/** /ecg/:study: the ECG viewer alone, for a study opened from elsewhere than a task (a prior, the portal). */
export function EcgScreen({ studyUid }: { studyUid: string }) {
  return (
    <section class="ecg-screen">
      <h1 class="visually-hidden">{t('ecg.title')}</h1>
      <EcgViewer studyUid={studyUid} />
    </section>
  );
}
